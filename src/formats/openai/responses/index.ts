/**
 * The OpenAI Responses API format (`POST /v1/responses`), the API `@ai-sdk/openai`'s default
 * `openai(model)` and the Codex CLI call. A separate spoke from the chat format: it shares only
 * the OpenAI error envelope, the model list shape and the attachment decoders with it, and
 * stores nothing (see docs/openai-responses.md).
 */

import { ProxyError } from '../../../core/errors.ts'
import { encodeOpenAIError } from '../encode-error.ts'
import { encodeOpenAIModel, encodeOpenAIModelList } from '../encode-models.ts'
import type { FormatPlugin } from '../../types.ts'
import { decodeResponsesRequest } from './decode-request.ts'
import { encodeResponsesResponse } from './encode-response.ts'
import { createResponsesStreamEncoder } from './encode-stream.ts'

function noTokenCountRoute(): never {
  throw new ProxyError('unsupported_feature', 'The Responses format has no token-count operation')
}

export const openAIResponsesFormat = {
  id: 'openai-responses',
  routes: [{ method: 'POST', path: '/v1/responses', resolve: () => ({ operation: 'generate' }) }],
  readModelId: (input) => {
    const model = (input.body as { model?: unknown } | undefined)?.model
    return typeof model === 'string' ? model : undefined
  },
  decodeRequest: decodeResponsesRequest,
  encodeResponse: encodeResponsesResponse,
  createStreamEncoder: createResponsesStreamEncoder,
  encodeModelList: encodeOpenAIModelList,
  encodeModel: encodeOpenAIModel,
  encodeTokenCount: noTokenCountRoute,
  encodeError: encodeOpenAIError,
} satisfies FormatPlugin
