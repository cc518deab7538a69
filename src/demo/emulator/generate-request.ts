/**
 * Reads and checks a StreamGenerate request the way Google does: form encoding, the double-encoded
 * `f.req`, `f.sid`, the `at` xsrf token, the request UUID in header and `inner[59]`, and the model
 * header. What Google answers with an HTTP error comes back as a ready Response; what it answers
 * in-stream (unknown model, 1050, 1096, 1100) comes back as a `bardError` code for the stream.
 */

import type { EmulatorContext } from './context.ts'
import { createBadRequestResponse, createXsrfResponse } from './error-bodies.ts'
import {
  bardErrorCodes,
  headerNames,
  imagePromptPattern,
  imageToolSelector,
  innerSlots,
  extendedThinking,
  offeredModels,
  readLimits,
  wizDefaults,
  type EmulatedModel,
} from './protocol-data.ts'
import { checkXsrfToken, classifyCaller, issueXsrfToken, type Caller } from './session.ts'
import type { Conversation } from './state.ts'

export type GenerateRequest = {
  framed: boolean
  caller: Caller
  prompt: string
  model: EmulatedModel
  /** The model header asked for extended thinking (the server reads the header, not inner[80]). */
  thinking: boolean
  conversation: Conversation | null
  wantsImage: boolean
  fileIdentifiers: string[]
  /** Set when Google would answer in-stream with this BardErrorInfo code instead of content. */
  bardError: number | null
}

export type ReadResult = { request: GenerateRequest } | { response: Response }

const uuidPattern = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/

function parseJson(text: string | null): unknown {
  if (text === null) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `f.req` = `[null, "<inner JSON>"]`: the inner list is encoded twice. */
function readInner(freq: string | null): unknown[] | null {
  const outer = parseJson(freq)
  if (!Array.isArray(outer) || typeof outer[1] !== 'string') return null
  const inner = parseJson(outer[1])
  return Array.isArray(inner) ? inner : null
}

function readHeaderUuid(value: string | null): string | null | undefined {
  if (value === null) return null
  const parsed = parseJson(value)
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') return undefined
  return parsed[0]
}

type ModelHeader = { hex: string | null; hasCapacity: boolean; thinking: boolean } | undefined

/**
 * `x-goog-ext-525001261-jspb`: the id at index 4; the long form adds the capacity at index 11 (or
 * `null,<capacity>` at 11–12) and ends with mode, thinking flag and client UUID. Absent: the
 * account's default model. Malformed: undefined.
 */
function readModelHeader(value: string | null): ModelHeader {
  if (value === null) return { hex: null, hasCapacity: false, thinking: false }
  const parsed = parseJson(value)
  if (!Array.isArray(parsed)) return undefined
  const hex = parsed[4]
  if (hex !== null && hex !== undefined && typeof hex !== 'string') return undefined
  const long = parsed.length >= 15 && typeof parsed.at(-1) === 'string'
  return {
    hex: hex ?? null,
    hasCapacity: parsed.length > 11 && (parsed[11] !== null || parsed[12] !== null),
    thinking: long && parsed.at(-2) === extendedThinking,
  }
}

function readFileIdentifiers(userTurn: unknown[]): string[] | null {
  const files = userTurn[3]
  if (files === null || files === undefined) return []
  if (!Array.isArray(files)) return null
  const identifiers: string[] = []
  for (const file of files) {
    const reference = Array.isArray(file) ? file[0] : undefined
    const identifier = Array.isArray(reference) ? reference[0] : undefined
    if (typeof identifier !== 'string') return null
    identifiers.push(identifier)
  }
  return identifiers
}

/** The longest prefix of `text` within `limit` UTF-8 bytes, never splitting a character. */
export function cutToBytes(text: string, limit: number): string {
  const bytes = new TextEncoder().encode(text)
  if (bytes.byteLength <= limit) return text
  return new TextDecoder().decode(bytes.subarray(0, limit)).replace(/\uFFFD$/, '')
}

export async function readGenerateRequest(request: Request, context: EmulatorContext, slot: number): Promise<ReadResult> {
  const url = new URL(request.url)
  const framed = url.searchParams.get('rt') === 'c'
  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { response: createBadRequestResponse(framed) }
  }
  const form = new URLSearchParams(await request.text())
  const inner = readInner(form.get('f.req'))
  if (inner === null) return { response: createBadRequestResponse(framed) }
  const sessionId = url.searchParams.get('f.sid')
  if (sessionId !== null && sessionId !== wizDefaults.sessionId) return { response: createBadRequestResponse(framed) }

  const caller = classifyCaller(request, context.state, context.options)
  if (caller === 'rejected') return { response: new Response('Unauthorized', { status: 401 }) }
  const xsrfFailure = checkXsrf(form.get('at'), caller, context, slot)
  if (xsrfFailure) {
    context.faults.take('xsrf-400')
    const fresh = context.options.xsrf === 'absent-from-page' ? null : issueXsrfToken(context.state, slot)
    return { response: createXsrfResponse(framed, fresh) }
  }

  const headerUuid = readHeaderUuid(request.headers.get(headerNames.requestUuid))
  const innerUuid = inner[innerSlots.requestUuid] ?? null
  if (headerUuid === undefined || headerUuid !== innerUuid) return { response: createBadRequestResponse(framed) }
  if (headerUuid !== null && !uuidPattern.test(headerUuid)) return { response: createBadRequestResponse(framed) }

  const userTurn = inner[innerSlots.userTurn]
  if (!Array.isArray(userTurn) || typeof userTurn[0] !== 'string') return { response: createBadRequestResponse(framed) }
  const fileIdentifiers = readFileIdentifiers(userTurn)
  if (fileIdentifiers === null) return { response: createBadRequestResponse(framed) }
  // Like Google: only the first ~130 KB of the prompt is read; the tail is dropped without an error.
  const prompt = cutToBytes(userTurn[0], readLimits.promptBytes)
  context.state.lastPrompt = prompt

  const header = readModelHeader(request.headers.get(headerNames.model))
  const offered = offeredModels[context.options.modelGeneration][context.options.tier]
  // Without a model header the account's default (Flash-Lite) answers.
  const fallbackModel = offered.find((model) => model.mode === 6) ?? (offered[0] as EmulatedModel)
  const offeredModel = header === undefined ? undefined : header.hex === null ? fallbackModel : offered.find((model) => model.hex === header.hex)
  // A paid id without the header's capacity value is refused like an unknown one (1052).
  const knownModel = offeredModel && offeredModel.paid && header && header.hex !== null && !header.hasCapacity ? undefined : offeredModel
  const wantsImage = inner[innerSlots.toolSelector] === imageToolSelector || imagePromptPattern.test(prompt)
  const result: GenerateRequest = {
    framed,
    caller,
    prompt,
    model: knownModel ?? fallbackModel,
    thinking: header?.thinking === true,
    conversation: null,
    wantsImage,
    fileIdentifiers,
    bardError: null,
  }
  if (knownModel === undefined) {
    result.bardError = bardErrorCodes.modelInvalid
    return { request: result }
  }
  const continuation = readContinuation(inner[innerSlots.conversation], context, caller, knownModel)
  if (typeof continuation === 'number') {
    result.bardError = continuation
    return { request: result }
  }
  result.conversation = continuation
  result.bardError = checkAttachments(result, context)
  return { request: result }
}

/** True when the request must get the xsrf 400. */
function checkXsrf(token: string | null, caller: Caller, context: EmulatorContext, slot: number): boolean {
  const { state, faults, options } = context
  if (faults.isArmed('xsrf-400')) {
    // Arming the fault makes every token issued so far stale; a refetched token works again.
    const generation = faults.armedGeneration('xsrf-400')
    if (generation !== undefined && generation !== xsrfAppliedGeneration.get(state)) {
      xsrfAppliedGeneration.set(state, generation)
      state.xsrfRevokedThrough = state.xsrfSequence
    }
  }
  if (caller !== 'signed-in' || options.xsrf === 'absent-from-page') return false
  const verdict = checkXsrfToken(state, token, slot)
  if (verdict === 'ok') return false
  return !(verdict === 'missing' && options.xsrf === 'optional')
}

const xsrfAppliedGeneration = new WeakMap<object, number>()

/** `inner[2]` = [cid, rid, rcid, …, context]: a known chat, same model. Returns a code on failure. */
function readContinuation(metadata: unknown, context: EmulatorContext, caller: Caller, model: EmulatedModel): Conversation | null | number {
  if (!Array.isArray(metadata)) return null
  const cid = metadata[0]
  if (typeof cid !== 'string' || cid === '') return null
  // Anonymous chats are not persisted; reusing their ids gives 1096 (G4F, GW2A-AS).
  if (caller !== 'signed-in') return bardErrorCodes.conversationState
  const conversation = context.state.conversationsById.get(cid)
  if (conversation === undefined) return bardErrorCodes.conversationState
  const contextToken = metadata[9]
  if (typeof contextToken === 'string' && contextToken !== '') {
    if (!conversation.turns.some((turn) => turn.contextToken === contextToken)) return bardErrorCodes.conversationState
  }
  if (conversation.modelHex !== model.hex) return bardErrorCodes.modelInconsistent
  return conversation
}

function checkAttachments(request: GenerateRequest, context: EmulatorContext): number | null {
  const hasFiles = request.fileIdentifiers.length > 0
  if (hasFiles && request.caller !== 'signed-in') return bardErrorCodes.attestation
  for (const identifier of request.fileIdentifiers) {
    if (!context.state.uploadIdentifiers.has(identifier)) return bardErrorCodes.attestation
  }
  if ((hasFiles || request.wantsImage) && context.faults.take('attestation-required')) return bardErrorCodes.attestation
  return null
}
