/**
 * The Gemini format plugin: Google's generateContent / streamGenerateContent / countTokens wire
 * format, with model lists and errors in Google's shapes. Each job lives in its own file beside
 * this one; docs/gemini-format.md says what each request field does on this server.
 */

import type { FormatPlugin } from '../types.ts'
import { decodeGeminiRequest } from './decode-request.ts'
import { encodeGeminiError } from './encode-error.ts'
import { encodeGeminiModel, encodeGeminiModelList } from './encode-models.ts'
import { encodeGeminiResponse, encodeGeminiTokenCount } from './encode-response.ts'
import { decodeGeminiEditImageRequest } from './images/decode-edit-image.ts'
import { encodeRawImage } from './images/encode-raw-image.ts'
import { geminiRoutes } from './routes.ts'
import { createGeminiStreamEncoder } from './encode-stream.ts'

export const geminiFormat = {
  id: 'gemini',
  routes: geminiRoutes,
  // `/v1/models/{model}:{action}` is Gemini's even though other `/v1/` paths are OpenAI's.
  pathPrefixes: ['/gemini/', '/v1beta/', /^\/v1\/models\/[^/]+:/],
  readModelId: (input) => input.pathModelId,
  decodeRequest: (input) => (input.operation === 'edit-image' ? decodeGeminiEditImageRequest(input, input.limits) : decodeGeminiRequest(input)),
  // Callers that ask for image bytes (Accept: image/*, ?alt=media) get the raw image.
  encodeResponse: (response, meta) => encodeRawImage(response, meta) ?? encodeGeminiResponse(response, meta),
  createStreamEncoder: createGeminiStreamEncoder,
  encodeModelList: encodeGeminiModelList,
  encodeModel: encodeGeminiModel,
  encodeTokenCount: encodeGeminiTokenCount,
  encodeError: encodeGeminiError,
} satisfies FormatPlugin
