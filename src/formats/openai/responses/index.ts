/**
 * The OpenAI Responses API format (`POST /v1/responses`), the API `@ai-sdk/openai`'s default
 * `openai(model)` and the Codex CLI call. A separate spoke from the chat format: it shares only
 * the OpenAI error envelope, the model list shape and the attachment decoders with it, and
 * stores nothing (see docs/openai-responses.md).
 */

import { encodeOpenAIError } from '../encode-error.ts'
import { readModelField } from '../../shared/read-model-field.ts'
import type { FormatPlugin } from '../../types.ts'
import { decodeResponsesBody } from './decode-request.ts'
import { encodeResponsesResponse } from './encode-response.ts'
import { createResponsesStreamEncoder } from './encode-stream.ts'

export const openAIResponsesFormat = {
  id: 'openai-responses',
  routes: [{ method: 'POST', path: '/v1/responses', resolve: () => ({ operation: 'generate' }) }],
  pathPrefixes: ['/v1/responses'],
  readModelId: readModelField,
  decodeRequest: (input) => decodeResponsesBody(input.body, input.warnings),
  encodeResponse: encodeResponsesResponse,
  createStreamEncoder: createResponsesStreamEncoder,
  encodeError: encodeOpenAIError,
} satisfies FormatPlugin
