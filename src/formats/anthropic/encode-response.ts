/**
 * A whole answer as an Anthropic `message`: thinking (when the caller asked for displayed
 * thinking), the text with any generated images as markdown links, then one `tool_use` block per
 * call. Every field the SDK types and the AI SDK's schema read is present, and none is `null`
 * where the AI SDK allows only a value or nothing (a text block has no `citations` key at all).
 */

import type { InternalResponse } from '../../core/ir.ts'
import type { EncodeMeta, EncodedResponse, TokenCount } from '../types.ts'
import { mapFinishReason } from './map-finish-reason.ts'
import { buildMessageId, buildThinkingSignature, decodeToolInput, encodeToolUseId, encodeUsage, renderImageText, shouldShowThoughts } from './message-output.ts'

type ToolUseBlock = { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }

type AnthropicBlock = { type: 'text'; text: string } | { type: 'thinking'; thinking: string; signature: string } | ToolUseBlock

export function buildToolUseBlock(call: { id: string; name: string; arguments: string }): ToolUseBlock {
  return { type: 'tool_use', id: encodeToolUseId(call.id), name: call.name, input: decodeToolInput(call.arguments) }
}

/** The message object without content, stop reason or usage: what `message_start` carries too. */
export function buildMessageShell(meta: EncodeMeta) {
  return { id: buildMessageId(meta), type: 'message', role: 'assistant', model: meta.requestedModelId }
}

export function encodeAnthropicResponse(response: InternalResponse, meta: EncodeMeta): EncodedResponse {
  const content: AnthropicBlock[] = []
  if (response.thoughts && shouldShowThoughts(meta)) content.push({ type: 'thinking', thinking: response.thoughts, signature: buildThinkingSignature(meta) })
  const text = [response.text, ...response.images.map(renderImageText)].filter((piece) => piece !== '').join('\n\n')
  const sawToolCalls = response.toolCalls.length > 0
  if (text !== '') content.push({ type: 'text', text })
  for (const call of response.toolCalls) content.push(buildToolUseBlock(call))
  // An empty answer still has one text block, so `content[0].text` reads '' rather than failing.
  if (content.length === 0) content.push({ type: 'text', text: '' })
  return {
    body: {
      ...buildMessageShell(meta),
      content,
      stop_reason: mapFinishReason(response.finishReason, sawToolCalls),
      stop_sequence: null,
      stop_details: null,
      usage: encodeUsage(response.usage),
    },
  }
}

export function encodeAnthropicTokenCount(count: TokenCount): { input_tokens: number } {
  return { input_tokens: count.totalTokens }
}
