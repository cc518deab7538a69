/**
 * The Gemini request decoder: path + body of generateContent, streamGenerateContent and
 * countTokens to the internal request. The model and the stream flag come from the path, the
 * stream framing from `?alt=sse`. Shorthand bodies the SDKs normalise client-side (a string
 * `contents`, one Content object, a string `systemInstruction`) are accepted here too, for curl.
 */

import { ProxyError } from '../../core/errors.ts'
import type { InternalRequest } from '../../core/ir.ts'
import type { DecodeInput } from '../types.ts'
import { decodeContents, decodeSystemInstruction } from './decode-contents.ts'
import { decodeGenerationConfig, decodeTools } from './decode-generation-config.ts'
import { assertWireShape, CountTokensRequestSchema, GenerateContentRequestSchema, type WireGenerateContentRequest } from './wire-schema.ts'

/** 'models/gemini-2.5-flash' -> 'gemini-2.5-flash': the id callers name and the one echoed back. */
export function stripModelPrefix(modelId: string): string {
  return modelId.startsWith('models/') ? modelId.slice('models/'.length) : modelId
}

function normalizeContents(contents: unknown): unknown {
  if (typeof contents === 'string') return [{ role: 'user', parts: [{ text: contents }] }]
  if (contents && typeof contents === 'object' && !Array.isArray(contents)) return [contents]
  return contents
}

function normalizeSystemInstruction(instruction: unknown): unknown {
  if (typeof instruction === 'string') return { parts: [{ text: instruction }] }
  return instruction
}

/** Returns a shallow copy with the shorthand forms expanded, so the schema needs no unions. */
function normalizeBody(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof FormData) return body
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) }
  if ('contents' in copy) copy.contents = normalizeContents(copy.contents)
  if ('systemInstruction' in copy) copy.systemInstruction = normalizeSystemInstruction(copy.systemInstruction)
  if (copy.generateContentRequest) copy.generateContentRequest = normalizeBody(copy.generateContentRequest)
  return copy
}

function requireModel(input: DecodeInput): string {
  const model = input.pathModelId ? stripModelPrefix(input.pathModelId) : ''
  if (!model) throw new ProxyError('invalid_request', 'The model is missing from the path: use /models/{model}:generateContent')
  return model
}

function requireJsonBody(input: DecodeInput): unknown {
  if (input.body === undefined) throw new ProxyError('invalid_request', 'The request body is missing: send a JSON GenerateContentRequest')
  if (input.body instanceof FormData) throw new ProxyError('invalid_request', 'The request body must be JSON, not multipart form data')
  return normalizeBody(input.body)
}

function decodeGenerateBody(body: WireGenerateContentRequest, model: string, input: DecodeInput): InternalRequest {
  const ignored: string[] = []
  const messages = decodeContents(body.contents ?? [])
  if (messages.length === 0) {
    throw new ProxyError('invalid_request', "Invalid value at 'contents': contents must hold at least one part with text or data", { param: 'contents' })
  }
  const request: InternalRequest = {
    task: 'chat',
    model,
    messages,
    generation: decodeGenerationConfig(body.generationConfig, ignored),
    stream: input.pathStream,
  }
  if (input.pathStream) request.streamMode = input.query.get('alt') === 'sse' ? 'sse' : 'json-array'
  const system = decodeSystemInstruction(body.systemInstruction?.parts ?? [])
  if (system !== undefined) request.systemInstruction = system
  const { tools, toolChoice } = decodeTools(body, ignored)
  if (tools) request.tools = tools
  if (toolChoice) request.toolChoice = toolChoice
  if (body.safetySettings !== undefined) ignored.push('safetySettings')
  if (body.cachedContent !== undefined) ignored.push('cachedContent')
  for (const field of ignored) input.warnings.push({ type: 'ignored-field', field })
  return request
}

function decodeCountTokens(input: DecodeInput, model: string): InternalRequest {
  const body = requireJsonBody(input)
  assertWireShape(CountTokensRequestSchema, body)
  const inner: WireGenerateContentRequest = body.generateContentRequest ?? { contents: body.contents ?? [] }
  if (body.generateContentRequest && body.contents) {
    throw new ProxyError('invalid_request', 'Send either contents or generateContentRequest, not both', { param: 'contents' })
  }
  const request = decodeGenerateBody(inner, model, { ...input, pathStream: false })
  return { ...request, task: 'count-tokens', stream: false }
}

export function decodeGeminiRequest(input: DecodeInput): InternalRequest {
  if (input.operation !== 'generate' && input.operation !== 'count-tokens') {
    throw new ProxyError('invalid_request', `The operation ${input.operation} takes no request body in the Gemini format`)
  }
  const model = requireModel(input)
  if (input.operation === 'count-tokens') return decodeCountTokens(input, model)
  const body = requireJsonBody(input)
  assertWireShape(GenerateContentRequestSchema, body)
  return decodeGenerateBody(body, model, input)
}
