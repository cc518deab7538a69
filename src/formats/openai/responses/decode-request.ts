/**
 * Decodes `POST /v1/responses` into the internal request: the tolerant wire check first, then
 * the input items and the parameters. Every refusal is a ProxyError ('invalid_request' or
 * 'unsupported_feature') with the offending field in `param`.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { InternalRequest } from '../../../core/ir.ts'
import { assertWireValue } from '../../shared/check-wire-value.ts'
import { decodeInput } from './decode-input.ts'
import { decodeResponsesOptions, type ResponsesWireRequest } from './decode-options.ts'
import { ResponsesRequestSchema } from './wire-schema.ts'

export function decodeResponsesBody(body: unknown): InternalRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof FormData) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object with "model" and "input"')
  }
  assertWireValue(ResponsesRequestSchema, body, '')
  const wire = body as ResponsesWireRequest
  // Options first: a refused `previous_response_id` explains an input that looks incomplete.
  const options = decodeResponsesOptions(wire)
  const history = decodeInput(wire.input)
  const stream = wire.stream === true
  const request: InternalRequest = {
    task: 'chat',
    model: wire.model,
    messages: history.messages,
    generation: options.generation,
    stream,
    streamMode: 'sse',
    // Answers carry generated images as markdown links in the text, never as base64.
    imageUrls: true,
  }
  const systemTexts = [wire.instructions ?? '', ...history.systemTexts].filter((text) => text !== '')
  if (systemTexts.length > 0) request.systemInstruction = systemTexts.join('\n\n')
  if (options.tools) request.tools = options.tools
  if (options.toolChoice) request.toolChoice = options.toolChoice
  const endUser = wire.user ?? wire.safety_identifier
  if (endUser) request.endUser = endUser
  if (options.ignoredFields.length > 0) request.ignoredFields = options.ignoredFields
  return request
}
