/**
 * Adds the image parts of the Gemini format without touching its content code: `:editImage`
 * bodies are decoded here, and any whole (non-streamed) answer is sent as raw image bytes when
 * the caller asked for them (Accept: image/..., ?alt=media); otherwise the plugin's own encoder
 * answers, with images as inlineData parts. Wiring: `addGeminiImageOperations(geminiFormat, config.images)`.
 */

import type { FormatPlugin } from '../../types.ts'
import { defaultImageInputLimits, type ImageInputLimits } from '../../../images/read-image-input.ts'
import { decodeGeminiEditImageRequest } from './decode-edit-image.ts'
import { encodeRawImage } from './encode-raw-image.ts'

export function addGeminiImageOperations(format: FormatPlugin, limits: ImageInputLimits = defaultImageInputLimits): FormatPlugin {
  return {
    ...format,
    decodeRequest: (input) => (input.operation === 'edit-image' ? decodeGeminiEditImageRequest(input, limits) : format.decodeRequest(input)),
    encodeResponse: (response, meta) => encodeRawImage(response, meta) ?? format.encodeResponse(response, meta),
  }
}
