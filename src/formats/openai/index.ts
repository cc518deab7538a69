/**
 * The OpenAI format plugin: routes, and the wire encoders for models and errors. Chat and image
 * decoding/encoding are added by the OpenAI-format work (issue #4) in files beside this one.
 */

import { ProxyError } from '../../core/errors.ts'
import type { FormatPlugin } from '../types.ts'
import { encodeOpenAIError } from './encode-error.ts'
import { encodeOpenAIModel, encodeOpenAIModelList } from './encode-models.ts'
import { openAIRoutes } from './routes.ts'

function notYetSupported(): never {
  throw new ProxyError('unsupported_feature', 'This operation is not available in the OpenAI format yet')
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
  decodeRequest: notYetSupported,
  encodeResponse: notYetSupported,
  createStreamEncoder: notYetSupported,
  encodeModelList: encodeOpenAIModelList,
  encodeModel: encodeOpenAIModel,
  encodeTokenCount: notYetSupported,
  encodeError: encodeOpenAIError,
} satisfies FormatPlugin
