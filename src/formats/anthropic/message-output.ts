/**
 * The pieces both Messages encoders (whole and streamed) share, so a streamed answer and a whole
 * one can never disagree on a field: the message id, usage, tool_use ids and inputs, the thinking
 * signature and how a generated image appears. Anthropic has no image output, so an image model's
 * picture arrives as a markdown link to the image store in a text block.
 */

import type { GeneratedImage, Usage } from '../../core/ir.ts'
import type { EncodeMeta } from '../types.ts'

export type AnthropicUsage = {
  input_tokens: number
  cache_creation_input_tokens: number
  cache_read_input_tokens: number
  output_tokens: number
}

/** Derived from the request id, so a caller can match a message to the server's access log. */
export function buildMessageId(meta: EncodeMeta): string {
  return `msg_${meta.requestId.replace(/^req_/, '')}`
}

/** Anthropic counts thinking inside output tokens. Estimates: the web backend reports no counts. */
export function encodeUsage(usage: Usage): AnthropicUsage {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: usage.outputTokens + usage.thoughtTokens,
  }
}

/** Thinking blocks appear only when the caller asked for thinking that is displayed. */
export function shouldShowThoughts(meta: EncodeMeta): boolean {
  return meta.request.generation.thinking?.includeThoughts === true
}

/**
 * Clients keep a thinking block's signature and send it back unchanged; it must be present (the
 * AI SDK drops unsigned thinking from the next turn) but means nothing here, since returned
 * thinking is dropped on the way in.
 */
export function buildThinkingSignature(meta: EncodeMeta): string {
  return Buffer.from(`gemini-reverse:${meta.requestId}`).toString('base64')
}

/** Tool-call ids in Anthropic's `toolu_` form (the emulation's `call_<hex>` keeps its hex). */
export function encodeToolUseId(id: string): string {
  if (id.startsWith('toolu_')) return id
  return `toolu_${id.replace(/^call_/, '').replace(/[^A-Za-z0-9_-]/g, '_')}`
}

/** tool_use `input` is always an object; arguments travel as a JSON string internally. */
export function decodeToolInput(argumentsJson: string): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(argumentsJson || '{}')
    return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : { value: input }
  } catch {
    return { arguments: argumentsJson }
  }
}

export const undeliveredImageText = '(The model generated an image, but this server could not deliver it: no image store is configured.)'

export function renderImageText(image: GeneratedImage): string {
  if (!image.url) return undeliveredImageText
  const alt = (image.alt ?? 'image').replace(/[[\]\n]/g, ' ').trim() || 'image'
  return `![${alt}](${image.url})`
}
