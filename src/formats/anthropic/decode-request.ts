/**
 * Decodes `POST /v1/messages` and `POST /v1/messages/count_tokens` into the internal request: the
 * tolerant wire check first (a wrong type is a 400 naming the field, unknown fields pass), then
 * the history and the parameters. `anthropic-version` (2023-06-01, 2026-10-21) and
 * `anthropic-beta` change nothing here, so they are not checked; `?beta=true` is ignored too.
 */

import { ProxyError } from '../../core/errors.ts'
import type { InternalRequest } from '../../core/ir.ts'
import { defaultImageInputLimits } from '../shared/read-image-input.ts'
import type { DecodeInput } from '../types.ts'
import type { BlockContext } from './decode-content.ts'
import { decodeHistory } from './decode-messages.ts'
import { decodeOptions } from './decode-options.ts'
import { assertAnthropicValue, MessagesRequestSchema, type WireMessagesRequest } from './wire-schema.ts'

export function decodeAnthropicRequest(input: DecodeInput): InternalRequest {
  const body = input.body
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof FormData) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object with "model", "messages" and "max_tokens"')
  }
  assertAnthropicValue(MessagesRequestSchema, body, '')
  const wire = body as WireMessagesRequest & Record<string, unknown>
  const context: BlockContext = { limits: input.limits ?? defaultImageInputLimits, toolNames: new Map(), ignored: [] }
  const history = decodeHistory(wire.system, wire.messages, context)
  const options = decodeOptions(wire)
  const counting = input.operation === 'count-tokens'
  const stream = !counting && wire.stream === true
  const request: InternalRequest = {
    task: counting ? 'count-tokens' : 'chat',
    model: wire.model,
    messages: history.messages,
    generation: options.generation,
    stream,
    streamMode: 'sse',
    // Generated images reach an Anthropic client as a markdown link in a text block.
    imageUrls: true,
  }
  if (history.systemInstruction !== undefined) request.systemInstruction = history.systemInstruction
  if (options.tools) request.tools = options.tools
  if (options.toolChoice) request.toolChoice = options.toolChoice
  const userId = wire.metadata?.user_id
  if (userId) request.endUser = userId
  for (const field of [...options.ignoredFields, ...context.ignored]) input.warnings.push({ type: 'ignored-field', field })
  return request
}
