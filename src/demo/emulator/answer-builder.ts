/**
 * Builds the frames of a StreamGenerate answer: a meta frame, optional thought frames (thinking
 * models, at cand[37]), an optional image-tool status frame, cumulative text snapshots (the last
 * one complete, with the routed model at inner[42] and, for images, the gg-dl URL at
 * cand[12][7][0][0][0][3][3]), the `{"26": context}` frame and the diagnostics. Each frame is a list
 * of envelope entries for the frame writer.
 */

import type { AnswerStyle } from './context.ts'
import { createOpaqueValue } from './cookies.ts'
import { composeDemoAnswer } from './demo-answers.ts'
import { createBardErrorEntry, createDiagnosticEntries, createPayloadEntry } from './frame-writer.ts'
import { answerLimits, bardErrorCodes, googleOrigins, paths, type EmulatedModel } from './protocol-data.ts'
import type { EmulatorState } from './state.ts'
import { answerAsJson } from './json-answer.ts'
import { answerWithToolCall } from './tool-answer.ts'

export type Frame = unknown[][]

export type AnswerPlan = {
  prompt: string
  model: EmulatedModel
  /** Extended thinking asked for in the model header: thoughts come first, at cand[37]. */
  thinking: boolean
  signedIn: boolean
  wantsImage: boolean
  /** Existing conversation id, or null for a new chat. */
  cid: string | null
  /** Number of cumulative text frames (at least 1). */
  textFrames: number
  /** Code sent after the complete answer instead of the context frame (bard-error-after-content). */
  trailingError: number | null
  /** 'echo' (tests: `Emulated answer to: <prompt>`) or 'demo' (readable answers, src/demo/emulator/demo-answers.ts). */
  answers?: AnswerStyle
}

export type BuiltAnswer = { frames: Frame[]; cid: string; rid: string; rcid: string; contextToken: string; text: string }

const imagePlaceholder = 'http://googleusercontent.com/image_generation_content/0'
const routedModelSlot = 42
const thoughtsSlot = 37

/** The first characters of the prompt, whole code points only (emoji are never split). */
function echoPrompt(prompt: string): string {
  return Array.from(prompt).slice(0, answerLimits.promptEcho).join('')
}

/** Cumulative snapshots: `count` prefixes of `text`, cut at code point boundaries, the last whole. */
function splitCumulative(text: string, count: number): string[] {
  const codePoints = Array.from(text)
  const snapshots: string[] = []
  for (let index = 1; index <= count; index++) {
    snapshots.push(codePoints.slice(0, Math.ceil((codePoints.length * index) / count)).join(''))
  }
  return snapshots
}

function createCandidate(rcid: string, text: string, complete: boolean, thoughts: string | null, image: unknown): unknown[] {
  const candidate: unknown[] = [rcid, [text], null, null, null, null, null, null, [complete ? 2 : 1], 'en']
  if (image !== null || thoughts !== null) {
    while (candidate.length < 12) candidate.push(null)
    candidate.push(image)
  }
  if (thoughts !== null) {
    while (candidate.length < thoughtsSlot) candidate.push(null)
    candidate.push([[thoughts]])
  }
  return candidate
}

function createContentPayload(ids: { cid: string; rid: string }, candidate: unknown[], routedModel: string | null): unknown[] {
  const inner: unknown[] = [null, [ids.cid, ids.rid], null, null, [candidate]]
  if (routedModel !== null) {
    while (inner.length < routedModelSlot) inner.push(null)
    inner.push(routedModel)
  }
  return inner
}

function createImageField(url: string): unknown[] {
  return [null, null, null, null, null, null, null, [[[[null, null, null, [null, 1, 'image_1.png', url, null]], [imagePlaceholder]]]]]
}

/** Registers a generated image and returns its Google URL (without a size suffix, as Google writes it). */
function registerImage(state: EmulatorState, prompt: string): string {
  const token = `AAA${createOpaqueValue(80)}`
  let seed = 0
  for (const character of prompt) seed = (seed * 31 + (character.codePointAt(0) ?? 0)) >>> 0
  state.images.set(token, { seed, redirectToken: `AAB${createOpaqueValue(90)}` })
  return `${googleOrigins.generatedImages}${paths.generatedImage}${token}`
}

export function buildAnswer(plan: AnswerPlan, state: EmulatorState): BuiltAnswer {
  const cid = plan.cid ?? `c_${state.nextHexId()}`
  const rid = `r_${state.nextHexId()}`
  const rcid = `rc_${state.nextHexId()}`
  const contextToken = `AwAAAAAAAAAQ${createOpaqueValue(20)}`
  const echo = echoPrompt(plan.prompt)
  const ids = { cid, rid }
  const frames: Frame[] = [[createPayloadEntry([null, [null, rid], { '18': rid, '44': true }])]]

  const demo = plan.answers === 'demo' ? composeDemoAnswer(plan.prompt, plan.wantsImage) : null
  let thoughts: string | null = null
  if (plan.thinking) {
    thoughts = demo?.thoughts ?? `**Considering the request**\n\nEmulated thoughts about: ${echo}\n\n`
    for (const snapshot of splitCumulative(thoughts, 2)) {
      frames.push([createPayloadEntry(createContentPayload(ids, createCandidate(rcid, '', false, snapshot, null), null))])
    }
  }

  let text = answerAsJson(plan.prompt, echo) ?? answerWithToolCall(plan.prompt) ?? demo?.text ?? `Emulated answer to: ${echo}`
  let image: unknown = null
  if (plan.wantsImage) {
    if (plan.signedIn) {
      frames.push([createPayloadEntry([null, [cid, rid], null, null, null, null, [null, ['data_analysis_tool', [null, null, 'Loading Nano Banana 2...'], 1]]])])
      image = createImageField(registerImage(state, plan.prompt))
      text = `${text}\n\n${imagePlaceholder}\n`
    } else {
      text = `${text}\n\nI can't create images for you here. Are you signed in?`
    }
  }

  const snapshots = splitCumulative(text, Math.max(1, plan.textFrames))
  snapshots.forEach((snapshot, index) => {
    const last = index === snapshots.length - 1
    const candidate = createCandidate(rcid, snapshot, last, thoughts, last ? image : null)
    frames.push([createPayloadEntry(createContentPayload(ids, candidate, last ? plan.model.displayName : null))])
  })

  if (plan.trailingError !== null) {
    frames.push([createBardErrorEntry(plan.trailingError)])
  } else if (plan.signedIn) {
    frames.push([createPayloadEntry([null, [cid, rid], { '26': contextToken, '44': true }])])
  } else {
    // Anonymous answers are not persisted: the end carries 1096 (GW2A-AS), as in the 2026-08 capture.
    frames.push([createBardErrorEntry(bardErrorCodes.conversationState)])
  }
  frames.push(createDiagnosticEntries())
  return { frames, cid, rid, rcid, contextToken, text }
}

/** An answer carrying only an error code (HTTP 200): 1037, 1052, 1100, … */
export function buildErrorAnswer(code: number): Frame[] {
  return [[createBardErrorEntry(code)], createDiagnosticEntries()]
}
