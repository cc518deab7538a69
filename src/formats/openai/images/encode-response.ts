/**
 * Encodes generated images as OpenAI's images response: `{created, data:[{url} | {b64_json}]}`.
 * `b64_json` is always a string when asked for (@ai-sdk/openai's schema requires it), `size` is
 * the delivered width x height read from the bytes (never the size the caller asked for), and
 * the model's own words, if any, come back as `revised_prompt`. An answer without an image is an
 * error, never an empty `data` array that clients would report as a mysterious failure.
 *
 * Without `response_format`: generations answer `url` (OpenAI's DALL-E default and docs/images.md's
 * `jq -r '.data[0].url'`), edits answer both `url` and `b64_json`, because @ai-sdk/openai never
 * sends `response_format` on edits yet requires `b64_json`, while openai-SDK callers read `url`.
 */

import type { GeneratedImage, InternalResponse } from '../../../core/ir.ts'
import { buildNoImageError } from '../../shared/no-image-error.ts'
import type { EncodeMeta, EncodedResponse } from '../../types.ts'

type OpenAIImageData = { url?: string; b64_json?: string; revised_prompt?: string }

function outputFormatOf(mimeType: string): string {
  const subtype = mimeType.toLowerCase().replace(/^image\//, '')
  return subtype === 'jpg' ? 'jpeg' : subtype
}

type Delivery = 'url' | 'b64_json' | 'both'

function encodeImage(image: GeneratedImage, delivery: Delivery, revisedPrompt: string | undefined): OpenAIImageData {
  const data: OpenAIImageData = {}
  if (delivery !== 'b64_json' && image.url) data.url = image.url
  // Without an image store there is no URL to give; the bytes are better than an error.
  if (delivery !== 'url' || !data.url) data.b64_json = Buffer.from(image.data).toString('base64')
  if (revisedPrompt) data.revised_prompt = revisedPrompt
  return data
}

export function encodeOpenAIImageResponse(response: InternalResponse, meta: EncodeMeta): EncodedResponse {
  if (response.images.length === 0) throw buildNoImageError(response.text)
  const delivery: Delivery = meta.request.generation.image?.responseFormat ?? (meta.operation === 'edit-image' ? 'both' : 'url')
  const revisedPrompt = response.text.trim() || undefined
  const first = response.images[0]!
  const sameSize = response.images.every((image) => image.width === first.width && image.height === first.height)
  const sameType = response.images.every((image) => image.mimeType === first.mimeType)
  const body = {
    created: meta.created,
    data: response.images.map((image) => encodeImage(image, delivery, revisedPrompt)),
    ...(sameSize && first.width > 0 && first.height > 0 ? { size: `${first.width}x${first.height}` } : {}),
    ...(sameType ? { output_format: outputFormatOf(first.mimeType) } : {}),
    usage: {
      input_tokens: response.usage.inputTokens,
      output_tokens: response.usage.outputTokens,
      total_tokens: response.usage.totalTokens,
    },
  }
  return { body }
}
