/**
 * Decodes `POST /v1/chat/completions` (and its `/v1/generate` alias) into the internal request:
 * the tolerant wire check first, then messages and parameters. Every refusal is a
 * ProxyError('invalid_request' | 'unsupported_feature') with the offending field in `param`.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { InternalRequest, Warning } from '../../../core/ir.ts'
import { assembleRequest } from '../assemble-request.ts'
import { assertWireValue } from '../../shared/check-wire-value.ts'
import { ChatRequestSchema } from './wire-schema.ts'
import { decodeChatMessages } from './decode-messages.ts'
import { decodeChatOptions, type ChatWireRequest } from './decode-options.ts'

export function decodeChatRequest(body: unknown, warnings: Warning[] = []): InternalRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof FormData) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object with "model" and "messages"')
  }
  assertWireValue(ChatRequestSchema, body, '')
  const wire = body as ChatWireRequest
  const history = decodeChatMessages(wire.messages)
  const options = decodeChatOptions(wire)
  const stream = wire.stream === true
  const request = assembleRequest({ model: wire.model, messages: history.messages, systemInstruction: history.systemInstruction, options, stream, endUser: wire.user ?? wire.safety_identifier, warnings })
  if (stream && wire.stream_options?.include_usage === true) request.streamUsage = true
  return request
}
