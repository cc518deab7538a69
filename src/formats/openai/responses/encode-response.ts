/**
 * A whole answer as a Responses API `response` object: an optional reasoning item, the assistant
 * message (text plus generated images as markdown links, as in chat), then one function_call
 * item per tool call. A message item is left out only when the answer is nothing but calls, as
 * OpenAI does; an empty answer still has an (empty) message so clients find one.
 */

import type { InternalResponse } from '../../../core/ir.ts'
import { buildChatContent } from '../chat/encode-response.ts'
import type { EncodeMeta, EncodedResponse } from '../../types.ts'
import { buildFunctionCallItem, buildItemId, buildMessageItem, buildReasoningItem, buildResponseObject, readIncompleteReason, shouldShowReasoning, type OutputItem } from './response-output.ts'

function buildOutputItems(response: InternalResponse, meta: EncodeMeta): OutputItem[] {
  const output: OutputItem[] = []
  if (response.thoughts && shouldShowReasoning(meta)) output.push(buildReasoningItem(buildItemId('rs', meta, output.length), response.thoughts))
  const text = buildChatContent(response.text, response.images)
  if (text !== '' || response.toolCalls.length === 0) output.push(buildMessageItem(buildItemId('msg', meta, output.length), text, 'completed'))
  for (const call of response.toolCalls) output.push(buildFunctionCallItem(buildItemId('fc', meta, output.length), call, 'completed'))
  return output
}

export function encodeResponsesResponse(response: InternalResponse, meta: EncodeMeta): EncodedResponse {
  const incompleteReason = readIncompleteReason(response.finishReason)
  return {
    body: buildResponseObject(meta, {
      status: incompleteReason ? 'incomplete' : 'completed',
      output: buildOutputItems(response, meta),
      usage: response.usage,
      incompleteReason,
    }),
  }
}
