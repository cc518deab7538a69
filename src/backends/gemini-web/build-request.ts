/**
 * Builds the StreamGenerate and batchexecute requests from data (docs/upstream-protocol.md,
 * "Request"): the query (`bl`, `hl`, `_reqid`, `rt`, `f.sid`), the headers (the long model header
 * from the resolved upstream model, the request UUID that must equal inner[59]) and the form body
 * with the twice-encoded `f.req`. Pure functions: no I/O, so every byte of a request can be
 * asserted in tests.
 */

import type { UpstreamSelector } from '../../models/model-spec.ts'
import type { ProtocolData } from './protocol-data.ts'
import type { ResolvedUpstreamModel } from './resolve-upstream-model.ts'

export type SessionTokens = {
  xsrf?: string
  buildLabel?: string
  sessionId?: string
  language: string
  pushId: string
}

/** What continues an upstream conversation (inner[2]). */
export type ConversationMetadata = {
  conversationId: string
  responseId: string
  responseCandidateId: string
  contextToken?: string
  /** Turns the upstream conversation already holds (inner[17]). */
  turnIndex?: number
}

export type UploadedFile = { identifier: string; filename: string; mimeType: string }

export type GenerateRequestInput = {
  protocol: ProtocolData
  tokens: SessionTokens
  selector: UpstreamSelector
  /** The model the selector resolved to for this account; null sends no model header. */
  model: ResolvedUpstreamModel | null
  /** The account's stable client session UUID (model header). */
  clientUuid: string
  prompt: string
  files: UploadedFile[]
  conversation?: ConversationMetadata
  requestNumber: number
  uuid: string
  accountIndex?: number
}

export type BuiltRequest = { url: string; headers: Record<string, string>; body: string; inner: unknown[] }

function accountPathPrefix(protocol: ProtocolData, accountIndex: number | undefined): string {
  return accountIndex ? protocol.paths.accountPrefix.replace('{index}', String(accountIndex)) : ''
}

function buildQuery(protocol: ProtocolData, tokens: SessionTokens, requestNumber: number, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(extra)) query.set(key, value)
  if (tokens.buildLabel) query.set('bl', tokens.buildLabel)
  if (tokens.sessionId) query.set('f.sid', tokens.sessionId)
  query.set('hl', tokens.language)
  query.set('_reqid', String(requestNumber))
  query.set('rt', protocol.query.rt)
  return query.toString()
}

function buildModelHeader(protocol: ProtocolData, model: ResolvedUpstreamModel, clientUuid: string): string {
  return protocol.headers.modelHeaderTemplate
    .replaceAll('{hex}', model.hex)
    .replaceAll('{capacity}', model.capacity)
    .replaceAll('{mode}', String(model.modeCategory))
    .replaceAll('{thinking}', String(model.thinking))
    .replaceAll('{clientUuid}', clientUuid)
}

function buildFileReference(protocol: ProtocolData, file: UploadedFile): unknown[] {
  if (protocol.request.fileReferenceShape === 'minimal') return [[file.identifier, 1], file.filename]
  const kind = file.mimeType.startsWith('image/') ? 1 : file.mimeType.startsWith('video/') ? 2 : 3
  return [[file.identifier, kind, null, file.mimeType], file.filename, null, null, null, null, null, null, [0]]
}

/** The inner list with its slot defaults, built once per protocol; requests copy it shallowly. */
const innerTemplates = new WeakMap<ProtocolData['request'], readonly unknown[]>()

function innerTemplate(protocol: ProtocolData): readonly unknown[] {
  let template = innerTemplates.get(protocol.request)
  if (!template) {
    const built: unknown[] = new Array<unknown>(protocol.request.innerLength).fill(null)
    for (const [index, value] of Object.entries(protocol.request.slotDefaults)) {
      const position = Number(index)
      if (Number.isInteger(position) && position >= 0 && position < built.length) built[position] = value
    }
    template = Object.freeze(built)
    innerTemplates.set(protocol.request, template)
  }
  return template
}

/**
 * Default values are shared between requests, not copied: the inner list is only serialised,
 * and per-request values replace slots rather than change the defaults inside them.
 */
function buildInner(input: GenerateRequestInput): unknown[] {
  const { protocol, selector } = input
  const slots = protocol.request.slots
  const inner = innerTemplate(protocol).slice()
  const files = input.files.map((file) => buildFileReference(protocol, file))
  inner[slots.prompt] = [input.prompt, 0, null, files.length > 0 ? files : null, null, null, 0]
  inner[slots.language] = [input.tokens.language]
  const conversation = input.conversation
  inner[slots.metadata] = conversation
    ? [conversation.conversationId, conversation.responseId, conversation.responseCandidateId, null, null, null, null, null, null, conversation.contextToken ?? '']
    : protocol.request.newChatMetadata
  inner[slots.requestUuid] = input.uuid
  inner[slots.turnIndex] = [[conversation?.turnIndex ?? 0]]
  inner[slots.freshChat] = conversation ? 0 : 1
  if (selector.imageTool) inner[slots.tool] = protocol.request.imageToolValue
  if (input.model) {
    inner[slots.modeCategory] = input.model.modeCategory
    inner[slots.thinking] = input.model.thinking
  }
  return inner
}

export function buildGenerateRequest(input: GenerateRequestInput): BuiltRequest {
  const { protocol, tokens } = input
  const url = `${protocol.origins.gemini}${accountPathPrefix(protocol, input.accountIndex)}${protocol.paths.streamGenerate}?${buildQuery(protocol, tokens, input.requestNumber)}`
  const headers: Record<string, string> = { ...protocol.headers.common, ...protocol.headers.form, ...protocol.headers.generateExtra }
  if (input.model) headers[protocol.headers.modelHeaderName] = buildModelHeader(protocol, input.model, input.clientUuid)
  headers[protocol.headers.requestUuidHeaderName] = protocol.headers.requestUuidTemplate.replaceAll('{uuid}', input.uuid)
  if (input.accountIndex) headers[protocol.headers.accountIndexHeaderName] = String(input.accountIndex)
  const inner = buildInner(input)
  return { url, headers, body: buildFormBody(tokens, JSON.stringify([null, JSON.stringify(inner)])), inner }
}

export type BatchRequestInput = {
  protocol: ProtocolData
  tokens: SessionTokens
  rpcId: string
  payload: unknown
  requestNumber: number
  accountIndex?: number
  /** The account's session UUID (the same one the model header carries). */
  clientUuid: string
}

export function buildBatchRequest(input: BatchRequestInput): BuiltRequest {
  const { protocol, tokens } = input
  const query = buildQuery(protocol, tokens, input.requestNumber, { rpcids: input.rpcId, 'source-path': protocol.query.sourcePath })
  const url = `${protocol.origins.gemini}${accountPathPrefix(protocol, input.accountIndex)}${protocol.paths.batchExecute}?${query}`
  const batchHeaders = Object.fromEntries(Object.entries(protocol.headers.batchExtra).map(([name, value]) => [name, value.replaceAll('{clientUuid}', input.clientUuid)]))
  const headers: Record<string, string> = { ...protocol.headers.common, ...protocol.headers.form, ...batchHeaders }
  if (input.accountIndex) headers[protocol.headers.accountIndexHeaderName] = String(input.accountIndex)
  const request = [[[input.rpcId, JSON.stringify(input.payload), null, 'generic']]]
  return { url, headers, body: buildFormBody(tokens, JSON.stringify(request)), inner: [] }
}

function buildFormBody(tokens: SessionTokens, fRequest: string): string {
  const form = new URLSearchParams()
  if (tokens.xsrf) form.set('at', tokens.xsrf)
  form.set('f.req', fRequest)
  return form.toString()
}

/** HY-style request numbers: a random start, +100000 per request. */
export function createRequestCounter(random: () => number = Math.random): () => number {
  let next = 10_000 + Math.floor(random() * 90_000)
  return () => {
    const current = next
    next += 100_000
    return current
  }
}
