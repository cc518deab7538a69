/**
 * The OpenAI images format plugin (`/v1/images/generations`, `/v1/images/edits` and their
 * aliases): JSON or multipart in, `{created, data:[…]}` out, errors in the OpenAI envelope.
 */

import type { FormatPlugin } from '../../types.ts'
import { encodeOpenAIError } from '../encode-error.ts'
import { decodeOpenAIImageRequest, readOpenAIImageModelId } from './decode-request.ts'
import { encodeOpenAIImageResponse } from './encode-response.ts'
import { openAIImageRoutes } from './routes.ts'

export const openAIImagesFormat = {
  id: 'openai-images',
  routes: openAIImageRoutes,
  pathPrefixes: ['/v1/images/', '/v1/generate-images'],
  readModelId: readOpenAIImageModelId,
  decodeRequest: (input) => decodeOpenAIImageRequest(input, input.limits),
  encodeResponse: encodeOpenAIImageResponse,
  encodeError: encodeOpenAIError,
} satisfies FormatPlugin
