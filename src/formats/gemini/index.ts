/**
 * The Gemini format plugin: routes, and the wire encoders for models and errors. Content
 * decoding/encoding is added by the Gemini-format work (issue #5) in files beside this one.
 */

import { ProxyError } from '../../core/errors.ts'
import type { FormatPlugin } from '../types.ts'
import { encodeGeminiError } from './encode-error.ts'
import { encodeGeminiModel, encodeGeminiModelList } from './encode-models.ts'
import { geminiRoutes } from './routes.ts'

function notYetSupported(): never {
  throw new ProxyError('unsupported_feature', 'This operation is not available in the Gemini format yet')
}

export const geminiFormat = {
  id: 'gemini',
  routes: geminiRoutes,
  readModelId: (input) => input.pathModelId,
  decodeRequest: notYetSupported,
  encodeResponse: notYetSupported,
  createStreamEncoder: notYetSupported,
  encodeModelList: encodeGeminiModelList,
  encodeModel: encodeGeminiModel,
  encodeTokenCount: notYetSupported,
  encodeError: encodeGeminiError,
} satisfies FormatPlugin
