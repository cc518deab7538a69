/**
 * Decodes `POST /v1/responses` into the internal request: the tolerant wire check first, then
 * the input items and the parameters. Every refusal is a ProxyError ('invalid_request' or
 * 'unsupported_feature') with the offending field in `param`.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { InternalRequest, Warning } from '../../../core/ir.ts'
import { assembleRequest } from '../assemble-request.ts'
import { assertWireValue } from '../../shared/check-wire-value.ts'
import { decodeInput } from './decode-input.ts'
import { readRequestIdOfResponse } from './response-output.ts'
import { decodeResponsesOptions, type ResponsesWireRequest } from './decode-options.ts'
import { ResponsesRequestSchema } from './wire-schema.ts'

export function decodeResponsesBody(body: unknown, warnings: Warning[] = []): InternalRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof FormData) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object with "model" and "input"')
  }
  assertWireValue(ResponsesRequestSchema, body, '')
  const wire = body as ResponsesWireRequest
  // Options first: a refused `conversation` explains an input that looks incomplete.
  const options = decodeResponsesOptions(wire)
  const history = decodeInput(wire.input)
  const systemTexts = [wire.instructions ?? '', ...history.systemTexts].filter((text) => text !== '')
  const request = assembleRequest({ model: wire.model, messages: history.messages, systemInstruction: systemTexts.join('\n\n'), options, stream: wire.stream === true, endUser: wire.user ?? wire.safety_identifier, warnings })
  // Response ids are `resp_<request id>` (response-output.ts): the earlier request continues upstream.
  if (wire.previous_response_id != null) request.previousRequestId = readRequestIdOfResponse(wire.previous_response_id)
  request.continuableById = true
  return request
}
