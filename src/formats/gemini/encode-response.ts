/**
 * Internal responses to Google's GenerateContentResponse. The pieces (parts, finish reason,
 * usage, envelope) are exported because the stream encoder builds its chunks from the same ones,
 * so a streamed answer and a whole answer can never disagree on a field's shape.
 */

import type { FinishReason, GeneratedImage, InternalResponse, Usage } from '../../core/ir.ts'
import type { EncodeMeta, EncodedResponse, TokenCount } from '../types.ts'
import { stripModelPrefix } from './decode-request.ts'

export type GeminiPart =
  | { text: string; thought?: true }
  | { inlineData: { mimeType: string; data: string } }
  | { functionCall: { id: string; name: string; args: unknown } }

export type GeminiCandidate = {
  content: { role: 'model'; parts: GeminiPart[] }
  finishReason?: string
  index: 0
}

export type GeminiUsageMetadata = {
  promptTokenCount: number
  candidatesTokenCount: number
  totalTokenCount: number
  thoughtsTokenCount?: number
}

export type GeminiResponse = {
  candidates: GeminiCandidate[]
  promptFeedback?: { blockReason: string }
  usageMetadata: GeminiUsageMetadata
  modelVersion: string
  responseId: string
}

const finishReasons: Record<FinishReason, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  'content-filter': 'SAFETY',
  // Gemini has no tool-calls reason: a function call finishes with STOP (clients look at the parts).
  'tool-calls': 'STOP',
  error: 'OTHER',
  other: 'OTHER',
}

export function mapFinishReason(reason: FinishReason): string {
  return finishReasons[reason]
}

export function encodeImagePart(image: GeneratedImage): GeminiPart {
  return { inlineData: { mimeType: image.mimeType, data: Buffer.from(image.data).toString('base64') } }
}

/** Tool arguments travel as a JSON string internally; Gemini wants the object. */
export function encodeFunctionCallPart(call: { id: string; name: string; arguments: string }): GeminiPart {
  let args: unknown = {}
  try {
    args = call.arguments ? JSON.parse(call.arguments) : {}
  } catch {
    args = { arguments: call.arguments }
  }
  return { functionCall: { id: call.id, name: call.name, args } }
}

export function encodeUsage(usage: Usage): GeminiUsageMetadata {
  const metadata: GeminiUsageMetadata = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens,
    totalTokenCount: usage.totalTokens,
  }
  if (usage.thoughtTokens > 0) metadata.thoughtsTokenCount = usage.thoughtTokens
  return metadata
}

/** The echo of the caller's model id, without `models/`, as Google answers. */
function modelVersionOf(meta: EncodeMeta): string {
  return stripModelPrefix(meta.requestedModelId)
}

/** The request id is the response id: deterministic for a given x-request-id, and easy to correlate. */
function responseIdOf(meta: EncodeMeta): string {
  return meta.requestId
}

export function includesThoughts(meta: EncodeMeta): boolean {
  return meta.request.generation.thinking?.includeThoughts === true
}

/** A blocked answer: the IR says content-filter and nothing came back. */
export function isBlocked(reason: FinishReason, hasContent: boolean): boolean {
  return reason === 'content-filter' && !hasContent
}

export function buildEnvelope(meta: EncodeMeta, candidate: GeminiCandidate, usage: GeminiUsageMetadata, blocked: boolean): GeminiResponse {
  return {
    candidates: [candidate],
    ...(blocked ? { promptFeedback: { blockReason: 'OTHER' } } : {}),
    usageMetadata: usage,
    modelVersion: modelVersionOf(meta),
    responseId: responseIdOf(meta),
  }
}

export function encodeGeminiResponse(response: InternalResponse, meta: EncodeMeta): EncodedResponse {
  const parts: GeminiPart[] = []
  if (includesThoughts(meta) && response.thoughts) parts.push({ text: response.thoughts, thought: true })
  if (response.text) parts.push({ text: response.text })
  for (const image of response.images) parts.push(encodeImagePart(image))
  for (const call of response.toolCalls) parts.push(encodeFunctionCallPart(call))
  const hasContent = response.text.length > 0 || response.images.length > 0 || response.toolCalls.length > 0
  const blocked = isBlocked(response.finishReason, hasContent)
  // An empty answer still gets one empty text part, so `response.text` reads '' rather than undefined.
  if (parts.length === 0 && !blocked) parts.push({ text: '' })
  const candidate: GeminiCandidate = { content: { role: 'model', parts }, finishReason: mapFinishReason(response.finishReason), index: 0 }
  return { body: buildEnvelope(meta, candidate, encodeUsage(response.usage), blocked) }
}

export function encodeGeminiTokenCount(count: TokenCount): { totalTokens: number } {
  return { totalTokens: count.totalTokens }
}
