/**
 * The Anthropic Messages format plugin: `POST /v1/messages` (whole or streamed) and
 * `POST /v1/messages/count_tokens`, with errors in Anthropic's envelope. Each job lives in its own
 * file beside this one; docs/anthropic-format.md says what each request field does on this server.
 */

import { readModelField } from '../shared/read-model-field.ts'
import type { FormatPlugin } from '../types.ts'
import { decodeAnthropicRequest } from './decode-request.ts'
import { encodeAnthropicError } from './encode-error.ts'
import { encodeAnthropicResponse, encodeAnthropicTokenCount } from './encode-response.ts'
import { createAnthropicStreamEncoder } from './encode-stream.ts'
import { anthropicRoutes } from './routes.ts'

export const anthropicFormat = {
  id: 'anthropic',
  routes: anthropicRoutes,
  // Longer than the OpenAI family's `/v1/`, so unknown paths and wrong methods here answer in
  // Anthropic's envelope; a pattern, so that `/v1/messagesfoo` stays the OpenAI family's.
  pathPrefixes: [/^\/v1\/messages(?=\/|$)/],
  requestIdHeader: 'request-id',
  readModelId: readModelField,
  decodeRequest: decodeAnthropicRequest,
  encodeResponse: encodeAnthropicResponse,
  createStreamEncoder: createAnthropicStreamEncoder,
  encodeTokenCount: encodeAnthropicTokenCount,
  encodeError: encodeAnthropicError,
} satisfies FormatPlugin
