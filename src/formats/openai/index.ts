/**
 * The OpenAI format plugin: routes, chat decoding and encoding (whole and streamed), and the wire
 * encoders for models and errors. Image routes are answered by a later issue (#6).
 */

import { ProxyError } from '../../core/errors.ts'
import type { FormatPlugin } from '../types.ts'
import { decodeOpenAIRequest } from './decode-chat-request.ts'
import { encodeChatResponse } from './encode-chat-response.ts'
import { createChatStreamEncoder } from './encode-chat-stream.ts'
import { encodeOpenAIError } from './encode-error.ts'
import { encodeOpenAIModel, encodeOpenAIModelList } from './encode-models.ts'
import { openAIRoutes } from './routes.ts'

function noTokenCountRoute(): never {
  throw new ProxyError('unsupported_feature', 'The OpenAI format has no token-count operation')
}

export const openAIFormat = {
  id: 'openai',
  routes: openAIRoutes,
  readModelId: (input) => {
    const body = input.body
    if (body instanceof FormData) return (body.get('model') as string | null) ?? undefined
    const model = (body as { model?: unknown } | undefined)?.model
    return typeof model === 'string' ? model : undefined
  },
  decodeRequest: decodeOpenAIRequest,
  encodeResponse: encodeChatResponse,
  createStreamEncoder: createChatStreamEncoder,
  encodeModelList: encodeOpenAIModelList,
  encodeModel: encodeOpenAIModel,
  encodeTokenCount: noTokenCountRoute,
  encodeError: encodeOpenAIError,
} satisfies FormatPlugin
