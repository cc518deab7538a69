/**
 * Decodes OpenAI's images API into the internal request: `POST /v1/images/generations` (alias
 * `/v1/generate-images`) as JSON, and `POST /v1/images/edits` (alias `/v1/images/edit`) as
 * multipart or JSON. `n` travels as `generation.image.count` (the core repeats the backend call),
 * `size` becomes an aspect-ratio hint, and fields the web backend cannot honour are accepted and
 * reported as warnings (response headers) rather than refused, because SDKs send some of them by default.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { ContentPart, ImageOptions, InternalRequest } from '../../../core/ir.ts'
import { aspectRatioForSize } from '../../../core/image-generation/image-hints.ts'
import { defaultImageInputLimits, type ImageInputLimits } from '../../shared/read-image-input.ts'
import type { DecodeInput } from '../../types.ts'
import { readBoolean, readInputImages, readInteger, readMask, readString, toFieldSource, type FieldSource } from './read-image-fields.ts'

const defaultOpenAIImageModel = 'gemini-2.5-flash-image'

/** The mask has no upstream equivalent; it goes up as the last image with this instruction. */
export const maskInstruction =
  'The last attached image is a mask, not a picture to edit: change only the regions where the mask is transparent and keep everything else exactly as it is.'

/** Fields OpenAI defines that the web backend cannot honour; accepted and reported, never refused. */
const acceptedButIgnored = ['quality', 'output_format', 'output_compression', 'background', 'moderation', 'style', 'input_fidelity', 'partial_images']

const outputFormats = new Set(['png', 'jpeg', 'jpg', 'webp'])

function isOpenAIImageOperation(operation: DecodeInput['operation']): boolean {
  return operation === 'generate-image' || operation === 'edit-image'
}

/** The model an images request names, with the images default, for the rate limiter. */
export function readOpenAIImageModelId(input: DecodeInput): string {
  try {
    return readString(toFieldSource(input.body), 'model')?.trim() || defaultOpenAIImageModel
  } catch {
    return defaultOpenAIImageModel
  }
}

function readImageOptions(source: FieldSource, limits: ImageInputLimits): ImageOptions {
  const count = readInteger(source, 'n') ?? 1
  if (count < 1) throw new ProxyError('invalid_request', `"n" must be at least 1, got ${count}`, { param: 'n' })
  if (count > limits.maxImagesPerRequest) {
    throw new ProxyError('invalid_request', `"n" is ${count}; this server makes at most ${limits.maxImagesPerRequest} images per request`, { param: 'n' })
  }
  // Left unset when absent: the encoder's default depends on the operation (see encode-response.ts).
  const responseFormat = readString(source, 'response_format')
  if (responseFormat !== undefined && responseFormat !== 'url' && responseFormat !== 'b64_json') {
    throw new ProxyError('invalid_request', `"response_format" must be "url" or "b64_json", got "${responseFormat}"`, { param: 'response_format' })
  }
  const outputFormat = readString(source, 'output_format')
  if (outputFormat !== undefined && !outputFormats.has(outputFormat.toLowerCase())) {
    throw new ProxyError('invalid_request', `"output_format" must be png, jpeg or webp, got "${outputFormat}"`, { param: 'output_format' })
  }
  const size = readString(source, 'size')
  const aspectRatio = size === undefined ? null : aspectRatioForSize(size)
  const quality = readString(source, 'quality')
  return {
    count,
    ...(responseFormat ? { responseFormat } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(aspectRatio ? { aspectRatio } : {}),
    ...(quality !== undefined ? { quality } : {}),
  }
}

function readPrompt(source: FieldSource): string {
  const prompt = readString(source, 'prompt')
  if (prompt === undefined || prompt.trim() === '') throw new ProxyError('invalid_request', '"prompt" is required: describe the image to make or the edit to apply', { param: 'prompt' })
  return prompt
}

export async function decodeOpenAIImageRequest(input: DecodeInput, limits: ImageInputLimits = defaultImageInputLimits): Promise<InternalRequest> {
  if (!isOpenAIImageOperation(input.operation)) throw new ProxyError('internal', `Not an images operation: ${input.operation}`)
  const source = toFieldSource(input.body)
  const prompt = readPrompt(source)
  const model = readString(source, 'model')?.trim() || defaultOpenAIImageModel
  if (readBoolean(source, 'stream') === true) {
    throw new ProxyError('unsupported_feature', 'Streaming image generation ("stream": true) is not supported; send the request without "stream"', { param: 'stream' })
  }
  const image = readImageOptions(source, limits)
  const endUser = readString(source, 'user')
  const parts: ContentPart[] = []
  let text = prompt
  if (input.operation === 'edit-image') {
    parts.push(...(await readInputImages(source, limits)))
    if (parts.length === 0) throw new ProxyError('invalid_request', '"image" is required: send the image to edit as a file (multipart) or as base64 / a data: URL (JSON)', { param: 'image' })
    const mask = await readMask(source, limits)
    if (mask) {
      parts.push({ ...mask, filename: mask.filename ?? 'mask.png' })
      text = `${prompt}\n\n${maskInstruction}`
    }
  }
  parts.push({ type: 'text', text })
  for (const field of acceptedButIgnored) {
    const value = source.kind === 'json' ? source.body[field] : source.form.get(field)
    if (value !== undefined && value !== null) input.warnings.push({ type: 'ignored-field', field })
  }
  return {
    task: input.operation === 'edit-image' ? 'image-edit' : 'image-generation',
    model,
    messages: [{ role: 'user', parts }],
    generation: { responseModalities: ['text', 'image'], image },
    stream: false,
    imageUrls: image.responseFormat !== 'b64_json',
    ...(endUser ? { endUser } : {}),
  }
}
