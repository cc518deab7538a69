/**
 * A whole chat answer as `chat.completion`. The shape follows what the strict parsers require
 * (choices[].index, message.role "assistant", string tool arguments, JSON content type) and
 * carries thoughts in `reasoning_content`, the field OpenAI-compatible clients read them from.
 */

import type { InternalResponse } from '../../../core/ir.ts'
import type { EncodeMeta, EncodedResponse } from '../../types.ts'
import { buildCompletionId, encodeUsage, mapFinishReason, renderImageMarkdown, shouldShowThoughts } from './chat-output.ts'

export function buildChatContent(text: string, images: InternalResponse['images']): string {
  const pieces = [text, ...images.map(renderImageMarkdown)].filter((piece) => piece !== '')
  return pieces.join('\n\n')
}

export function encodeChatResponse(response: InternalResponse, meta: EncodeMeta): EncodedResponse {
  const content = buildChatContent(response.text, response.images)
  const sawToolCalls = response.toolCalls.length > 0
  const message: Record<string, unknown> = {
    role: 'assistant',
    // OpenAI sends null content beside tool calls when there is no text; clients check for it.
    content: content === '' && sawToolCalls ? null : content,
    refusal: null,
  }
  if (response.thoughts && shouldShowThoughts(meta)) message.reasoning_content = response.thoughts
  if (sawToolCalls) {
    message.tool_calls = response.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments || '{}' },
    }))
  }
  return {
    body: {
      id: buildCompletionId(meta),
      object: 'chat.completion',
      created: meta.created,
      model: meta.requestedModelId,
      choices: [{ index: 0, message, logprobs: null, finish_reason: mapFinishReason(response.finishReason, sawToolCalls) }],
      usage: encodeUsage(response.usage),
    },
  }
}
