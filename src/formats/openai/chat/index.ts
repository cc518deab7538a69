/**
 * The OpenAI format plugin: routes, chat decoding and encoding (whole and streamed), the images
 * API (generations and edits, in images/), and the wire encoders for models and errors.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { FormatPlugin } from '../../types.ts'
import { decodeOpenAIRequest } from './decode-request.ts'
import { encodeChatResponse } from './encode-response.ts'
import { createChatStreamEncoder } from './encode-stream.ts'
import { encodeOpenAIError } from '../encode-error.ts'
import { encodeOpenAIModel, encodeOpenAIModelList } from '../encode-models.ts'
import { decodeOpenAIImageRequest, isOpenAIImageOperation, readOpenAIImageModelId } from '../images/decode-image-request.ts'
import { encodeOpenAIImageResponse } from '../images/encode-image-response.ts'
import { openAIRoutes } from './routes.ts'

function noTokenCountRoute(): never {
  throw new ProxyError('unsupported_feature', 'The OpenAI format has no token-count operation')
}

export const openAIFormat = {
  id: 'openai',
  routes: openAIRoutes,
  readModelId: (input) => {
    if (isOpenAIImageOperation(input.operation)) return readOpenAIImageModelId(input)
    const body = input.body
    if (body instanceof FormData) return (body.get('model') as string | null) ?? undefined
    const model = (body as { model?: unknown } | undefined)?.model
    return typeof model === 'string' ? model : undefined
  },
  decodeRequest: (input) => (isOpenAIImageOperation(input.operation) ? decodeOpenAIImageRequest(input, input.limits) : decodeOpenAIRequest(input)),
  encodeResponse: (response, meta) => (isOpenAIImageOperation(meta.operation) ? encodeOpenAIImageResponse(response, meta) : encodeChatResponse(response, meta)),
  createStreamEncoder: createChatStreamEncoder,
  encodeModelList: encodeOpenAIModelList,
  encodeModel: encodeOpenAIModel,
  encodeTokenCount: noTokenCountRoute,
  encodeError: encodeOpenAIError,
} satisfies FormatPlugin
