/**
 * The pieces both chat encoders (whole and streamed) share: the completion id, finish reasons,
 * usage, and how a generated image appears in chat content. Images go in as a markdown link to
 * the image store, never as base64: chat clients render markdown, and a multi-megabyte data URL
 * in `content` breaks them and their token counters.
 */

import type { FinishReason, GeneratedImage, Usage } from '../../../core/ir.ts'
import type { EncodeMeta } from '../../types.ts'

export type OpenAIFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls'

export type OpenAIUsage = {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details: { cached_tokens: number }
  completion_tokens_details: { reasoning_tokens: number }
}

/** Derived from the request id so a caller can match a completion to the server's access log. */
export function buildCompletionId(meta: EncodeMeta): string {
  return `chatcmpl-${meta.requestId}`
}

export function mapFinishReason(reason: FinishReason, sawToolCalls: boolean): OpenAIFinishReason {
  if (sawToolCalls && (reason === 'stop' || reason === 'tool-calls' || reason === 'other')) return 'tool_calls'
  switch (reason) {
    case 'length':
      return 'length'
    case 'content-filter':
      return 'content_filter'
    case 'tool-calls':
      return sawToolCalls ? 'tool_calls' : 'stop'
    default:
      // OpenAI has no "error" or "other"; errors travel as error frames, so the text ended normally.
      return 'stop'
  }
}

/** OpenAI counts reasoning inside completion tokens and breaks it out in the details. */
export function encodeUsage(usage: Usage): OpenAIUsage {
  const completion = usage.outputTokens + usage.thoughtTokens
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: completion,
    total_tokens: usage.inputTokens + completion,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: usage.thoughtTokens },
  }
}

/** Thoughts are shown unless the caller turned them off (`reasoning_effort: "none"`). */
export function shouldShowThoughts(meta: EncodeMeta): boolean {
  return meta.request.generation.thinking?.includeThoughts !== false
}

export const undeliveredImageNotice = '(The model generated an image, but this server could not deliver it: no image store is configured.)'

export function renderImageMarkdown(image: GeneratedImage): string {
  if (!image.url) return undeliveredImageNotice
  const alt = (image.alt ?? 'image').replace(/[[\]\n]/g, ' ').trim() || 'image'
  return `![${alt}](${image.url})`
}
