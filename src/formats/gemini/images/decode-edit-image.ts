/**
 * Decodes `POST …/models/{model}:editImage`: a Gemini-style body whose contents hold
 * the image(s) as `inlineData` (or `fileData` with an http(s) URI) and the instruction as text.
 * No official client calls this route (docs/compatibility.md lists it), so it accepts both camelCase and
 * snake_case field names and a single `contents` object as well as an array. Images are checked
 * the same way as OpenAI uploads: true type from the bytes, size within `images.maxUploadBytes`.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { ContentPart, InternalRequest, Message } from '../../../core/ir.ts'
import { decodeBase64Image, defaultImageInputLimits, readImageString, type ImageInputLimits } from '../../shared/read-image-input.ts'
import type { DecodeInput } from '../../types.ts'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pick(record: Json, camel: string, snake: string): unknown {
  return record[camel] ?? record[snake]
}

function decodePart(part: unknown, field: string, limits: ImageInputLimits): ContentPart | null {
  if (!isObject(part)) throw new ProxyError('invalid_request', `${field} must be an object`, { param: field })
  if (typeof part.text === 'string') return part.thought === true ? null : { type: 'text', text: part.text }
  const inline = pick(part, 'inlineData', 'inline_data')
  if (isObject(inline)) {
    if (typeof inline.data !== 'string' || inline.data.length === 0) {
      throw new ProxyError('invalid_request', `${field}.inlineData.data must hold the image as base64`, { param: `${field}.inlineData.data` })
    }
    return decodeBase64Image(inline.data, `${field}.inlineData.data`, limits)
  }
  const file = pick(part, 'fileData', 'file_data')
  if (isObject(file)) {
    const uri = pick(file, 'fileUri', 'file_uri')
    if (typeof uri !== 'string' || !/^https?:\/\//i.test(uri)) {
      throw new ProxyError('invalid_request', `${field}.fileData.fileUri must be an http(s) URL (uploaded Files API ids are not supported)`, { param: `${field}.fileData.fileUri` })
    }
    return readImageString(uri, `${field}.fileData.fileUri`, limits)
  }
  // Thought signatures and other metadata-only parts carry nothing to send upstream.
  return null
}

function readSystemInstruction(body: Json): string | undefined {
  const value = pick(body, 'systemInstruction', 'system_instruction')
  if (typeof value === 'string') return value
  if (!isObject(value) || !Array.isArray(value.parts)) return undefined
  const text = value.parts.flatMap((part) => (isObject(part) && typeof part.text === 'string' ? [part.text] : [])).join('\n')
  return text || undefined
}

function readAspectRatio(body: Json): string | undefined {
  const generationConfig = pick(body, 'generationConfig', 'generation_config')
  if (!isObject(generationConfig)) return undefined
  const imageConfig = pick(generationConfig, 'imageConfig', 'image_config')
  if (!isObject(imageConfig)) return undefined
  const ratio = pick(imageConfig, 'aspectRatio', 'aspect_ratio')
  if (ratio === undefined) return undefined
  if (typeof ratio !== 'string' || !/^\d{1,3}:\d{1,3}$/.test(ratio)) {
    throw new ProxyError('invalid_request', 'generationConfig.imageConfig.aspectRatio must look like "16:9"', { param: 'generationConfig.imageConfig.aspectRatio' })
  }
  return ratio
}

export async function decodeGeminiEditImageRequest(input: DecodeInput, limits: ImageInputLimits = defaultImageInputLimits): Promise<InternalRequest> {
  const body = input.body
  if (!isObject(body)) throw new ProxyError('invalid_request', 'The request body must be a JSON object with "contents" holding the image (inlineData) and the instruction (text)')
  const rawContents = body.contents
  const contents = Array.isArray(rawContents) ? rawContents : isObject(rawContents) ? [rawContents] : null
  if (!contents || contents.length === 0) throw new ProxyError('invalid_request', '"contents" is required: one user turn with the image as inlineData and the instruction as text', { param: 'contents' })
  const messages: Message[] = contents.map((content, contentIndex) => {
    const field = `contents[${contentIndex}]`
    if (!isObject(content) || !Array.isArray(content.parts)) throw new ProxyError('invalid_request', `${field}.parts must be an array`, { param: `${field}.parts` })
    const parts = content.parts.flatMap((part, partIndex) => decodePart(part, `${field}.parts[${partIndex}]`, limits) ?? [])
    return { role: content.role === 'model' ? 'assistant' : 'user', parts }
  })
  const all = messages.flatMap((message) => message.parts)
  const imageCount = all.filter((part) => part.type === 'image').length
  if (imageCount === 0) throw new ProxyError('invalid_request', 'editImage needs the image to edit as an inlineData part ({"inlineData":{"mimeType":"image/png","data":"<base64>"}})', { param: 'contents' })
  if (imageCount > 16) throw new ProxyError('invalid_request', 'At most 16 images can be edited together', { param: 'contents' })
  if (!all.some((part) => part.type === 'text' && part.text.trim() !== '')) {
    throw new ProxyError('invalid_request', 'editImage needs the instruction as a text part beside the image', { param: 'contents' })
  }
  if (!input.pathModelId) throw new ProxyError('invalid_request', 'The model is missing from the path (…/models/{model}:editImage)')
  const aspectRatio = readAspectRatio(body)
  const systemInstruction = readSystemInstruction(body)
  return {
    task: 'image-edit',
    model: input.pathModelId,
    messages,
    ...(systemInstruction ? { systemInstruction } : {}),
    generation: { responseModalities: ['text', 'image'], image: { count: 1, ...(aspectRatio ? { aspectRatio } : {}) } },
    stream: false,
  }
}
