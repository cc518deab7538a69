/**
 * POST …/BardFrontendService/StreamGenerate: checks the request (generate-request.ts), applies the
 * armed faults, records conversations, and streams the answer with real framing (or unframed when
 * the request has no `rt=c` or the `unframed` fault is armed).
 */

import { buildAnswer, buildErrorAnswer, type Frame } from './answer-builder.ts'
import { sleep, type EmulatorContext } from './context.ts'
import { appendCookies, createSidccCookies } from './cookies.ts'
import { createStatusResponse } from './error-bodies.ts'
import { FramedBodyWriter, buildUnframedBody, createDiagnosticEntries, createPayloadEntry, createStatusEntry } from './frame-writer.ts'
import { readGenerateRequest, type GenerateRequest } from './generate-request.ts'
import { redirectTargets } from './protocol-data.ts'
import { streamPieces, type StreamPlan } from './response-stream.ts'

const defaultTextFrames = 3
const conversationLimit = 50_000

export async function handleStreamGenerate(request: Request, context: EmulatorContext, slot: number): Promise<Response> {
  const { faults } = context
  if (faults.anyArmed) {
    const slow = faults.take('slow-first-byte')
    if (slow !== undefined) await sleep(slow.ms ?? 1000, request.signal)
    const statusFault = faults.take('generate-http-status')
    if (statusFault !== undefined) return createStatusResponse(statusFault.status ?? 500, redirectTargets.sorry)
  }
  const read = await readGenerateRequest(request, context, slot)
  if ('response' in read) return read.response
  const generate = read.request

  const frames = planFrames(generate, context)
  const framed = generate.framed && faults.take('unframed') === undefined
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' })
  if (generate.caller === 'signed-in') appendCookies(headers, createSidccCookies())
  if (!framed) return new Response(buildUnframedBody(frames), { status: 200, headers })

  const writer = new FramedBodyWriter()
  const pieces = [writer.begin(), ...frames.map((frame) => writer.frame(frame)), writer.finish()]
  const plan: StreamPlan = { delayMs: context.options.frameDelayMs, stallAfterFrames: null, cutFrame: null }
  if (faults.anyArmed) {
    const stall = faults.take('stall-after-frames')
    if (stall !== undefined) plan.stallAfterFrames = Math.min(stall.frames ?? 2, pieces.length - 2)
    if (faults.take('cut-mid-frame') !== undefined) plan.cutFrame = Math.floor((pieces.length - 2) / 2)
  }
  return streamPieces(pieces, plan, headers, request.signal, context.state)
}

function planFrames(generate: GenerateRequest, context: EmulatorContext): Frame[] {
  const { faults, state, options } = context
  if (faults.anyArmed) {
    const error = faults.take('bard-error')
    if (error !== undefined) return buildErrorAnswer(error.code ?? 1013)
    const statusOnly = faults.take('status-only')
    if (statusOnly !== undefined) return [[createStatusEntry(statusOnly.code ?? 4)], createDiagnosticEntries()]
    if (faults.take('empty-answer') !== undefined) {
      return [[createPayloadEntry([null, [null, `r_${state.nextHexId()}`], { '44': true }])], createDiagnosticEntries()]
    }
  }
  if (generate.bardError !== null) return buildErrorAnswer(generate.bardError)
  const trailing = faults.anyArmed ? faults.take('bard-error-after-content') : undefined
  const signedIn = generate.caller === 'signed-in'
  const answer = buildAnswer(
    {
      prompt: generate.prompt,
      model: generate.model,
      thinking: generate.thinking,
      signedIn,
      wantsImage: generate.wantsImage,
      cid: generate.conversation?.cid ?? null,
      textFrames: options.textFrames ?? defaultTextFrames,
      trailingError: trailing === undefined ? null : (trailing.code ?? 1096),
      answers: options.answers,
    },
    state,
  )
  if (signedIn) {
    const turn = { rid: answer.rid, rcid: answer.rcid, contextToken: answer.contextToken, prompt: generate.prompt, text: answer.text }
    if (generate.conversation !== null) generate.conversation.turns.push(turn)
    else {
      // Benchmarks open many chats: forget the oldest instead of growing without bound.
      if (state.conversationsById.size >= conversationLimit) state.conversationsById.delete(state.conversationsById.keys().next().value as string)
      state.conversationsById.set(answer.cid, { cid: answer.cid, modelHex: generate.model.hex, turns: [turn] })
    }
  }
  return answer.frames
}
