/**
 * Reads OpenAI images-API fields the same way from a JSON body and from multipart/form-data,
 * where every value is a string ("n": "2") and image files arrive under whichever name the client
 * chose: `image` (@ai-sdk/openai with one file), `image[]` (the openai SDK, always for arrays,
 * and @ai-sdk/openai with several), `image[0]`, `image[1]`... (other form encoders). JSON bodies
 * carry base64 or data: URLs in `image`, `images[]` or `image_url`.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { ImagePart } from '../../../core/ir.ts'
import { readImageFile, readImageString, type ImageInputLimits } from '../../shared/read-image-input.ts'

/** More reference images than this is a mistake, not a request (OpenAI allows 16). */
const maxInputImages = 16

export type FieldSource = { kind: 'form'; form: FormData } | { kind: 'json'; body: Record<string, unknown> }

export function toFieldSource(body: unknown): FieldSource {
  if (body instanceof FormData) return { kind: 'form', form: body }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { kind: 'json', body: body as Record<string, unknown> }
  if (body === undefined) throw new ProxyError('invalid_request', 'The request has no body; send JSON (or multipart/form-data for edits) with at least "prompt"')
  throw new ProxyError('invalid_request', 'The request body must be a JSON object')
}

/** A scalar field as the client sent it (multipart values are strings; JSON keeps its types). */
function readField(source: FieldSource, name: string): unknown {
  if (source.kind === 'json') return source.body[name]
  const value = source.form.get(name)
  return value === null ? undefined : value
}

export function readString(source: FieldSource, name: string): string | undefined {
  const value = readField(source, name)
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ProxyError('invalid_request', `"${name}" must be a string`, { param: name })
  return value
}

export function readInteger(source: FieldSource, name: string): number | undefined {
  const value = readField(source, name)
  if (value === undefined || value === null || value === '') return undefined
  const number = typeof value === 'string' ? Number(value.trim()) : value
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new ProxyError('invalid_request', `"${name}" must be a whole number, got ${JSON.stringify(value)}`, { param: name })
  return number
}

export function readBoolean(source: FieldSource, name: string): boolean | undefined {
  const value = readField(source, name)
  if (value === undefined || value === null || value === '') return undefined
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw new ProxyError('invalid_request', `"${name}" must be true or false`, { param: name })
}

/** Form entries named `image`, `image[]` and `image[N]` (in index order), as the clients send them. */
function collectFormImages(form: FormData, base: string): Array<{ field: string; value: FormDataEntryValue }> {
  const found: Array<{ field: string; value: FormDataEntryValue }> = []
  for (const value of form.getAll(base)) found.push({ field: base, value })
  for (const value of form.getAll(`${base}[]`)) found.push({ field: `${base}[]`, value })
  const indexed: Array<{ index: number; field: string; value: FormDataEntryValue }> = []
  for (const [key, value] of form.entries()) {
    const match = new RegExp(`^${base}\\[(\\d{1,3})\\]$`).exec(key)
    if (match) indexed.push({ index: Number(match[1]), field: key, value })
  }
  indexed.sort((a, b) => a.index - b.index)
  return [...found, ...indexed.map(({ field, value }) => ({ field, value }))]
}

/** A JSON image reference: a string, or {image_url}, {url}, {b64_json}, {image_url: {url}}. */
function readJsonImage(value: unknown, field: string, limits: ImageInputLimits): ImagePart {
  if (typeof value === 'string') return readImageString(value, field, limits)
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (typeof record.file_id === 'string') {
      throw new ProxyError('unsupported_feature', `"${field}.file_id" is not supported: this server has no Files API; send the image as base64 or a data: URL`, { param: field })
    }
    const inner = record.image_url ?? record.url ?? record.b64_json ?? record.data
    if (typeof inner === 'string') return readImageString(inner, field, limits)
    if (typeof inner === 'object' && inner !== null && typeof (inner as { url?: unknown }).url === 'string') {
      return readImageString((inner as { url: string }).url, field, limits)
    }
  }
  throw new ProxyError('invalid_request', `"${field}" must be base64, a data: URL, an http(s) URL or {"image_url": "..."}`, { param: field })
}

async function readFormImage(value: FormDataEntryValue, field: string, limits: ImageInputLimits): Promise<ImagePart> {
  if (typeof value === 'string') return readImageString(value, field, limits)
  return readImageFile(value, field, limits)
}

/** Every input image of an edit request, in order. */
export async function readInputImages(source: FieldSource, limits: ImageInputLimits): Promise<ImagePart[]> {
  const images: ImagePart[] = []
  if (source.kind === 'form') {
    const entries = collectFormImages(source.form, 'image')
    if (entries.length > maxInputImages) throw new ProxyError('invalid_request', `At most ${maxInputImages} images can be edited together`, { param: 'image' })
    for (const entry of entries) images.push(await readFormImage(entry.value, entry.field, limits))
    return images
  }
  for (const name of ['image', 'images', 'image[]', 'image_url']) {
    const value = source.body[name]
    if (value === undefined || value === null) continue
    const list = Array.isArray(value) ? value : [value]
    if (images.length + list.length > maxInputImages) throw new ProxyError('invalid_request', `At most ${maxInputImages} images can be edited together`, { param: name })
    list.forEach((item, index) => images.push(readJsonImage(item, Array.isArray(value) ? `${name}[${index}]` : name, limits)))
  }
  return images
}

/** The optional mask, as a file, base64, data: URL or {image_url}. */
export async function readMask(source: FieldSource, limits: ImageInputLimits): Promise<ImagePart | undefined> {
  const value = readField(source, 'mask')
  if (value === undefined || value === null || value === '') return undefined
  if (source.kind === 'form') return readFormImage(value as FormDataEntryValue, 'mask', limits)
  return readJsonImage(value, 'mask', limits)
}
