/**
 * Adds the images API to the OpenAI format plugin without touching its chat code: image
 * operations (`generate-image`, `edit-image`) are decoded and encoded here, everything else goes
 * to the plugin as before. Wiring: `addOpenAIImageOperations(openAIFormat, config.images)`.
 */

import type { FormatPlugin } from '../../types.ts'
import { defaultImageInputLimits, type ImageInputLimits } from '../../../images/read-image-input.ts'
import { decodeOpenAIImageRequest, isOpenAIImageOperation, readOpenAIImageModelId } from './decode-image-request.ts'
import { encodeOpenAIImageResponse } from './encode-image-response.ts'

export function addOpenAIImageOperations(format: FormatPlugin, limits: ImageInputLimits = defaultImageInputLimits): FormatPlugin {
  return {
    ...format,
    readModelId: (input) => (isOpenAIImageOperation(input.operation) ? readOpenAIImageModelId(input) : format.readModelId(input)),
    decodeRequest: (input) => (isOpenAIImageOperation(input.operation) ? decodeOpenAIImageRequest(input, limits) : format.decodeRequest(input)),
    encodeResponse: (response, meta) => (isOpenAIImageOperation(meta.operation) ? encodeOpenAIImageResponse(response, meta) : format.encodeResponse(response, meta)),
  }
}
