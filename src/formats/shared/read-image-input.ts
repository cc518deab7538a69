/**
 * Turns what a caller uploads (a multipart file, base64, a data: URL, an http(s) URL) into an
 * image part, checking it on the way in: the size against `images.maxUploadBytes` and the type
 * from the magic bytes, so a renamed PDF or a truncated upload gets a clear 400 naming the field
 * instead of a confusing upstream failure a minute later. Remote URLs are left for the core's
 * SSRF-checked fetcher.
 */

import { Value } from '@sinclair/typebox/value'
import { ProxyError } from '../../core/errors.ts'
import type { ImagePart } from '../../core/ir.ts'
import { ImagesSection, type Config } from '../../config/schema.ts'
import { knownImageTypes, sniffImageType } from '../../lib/image-info.ts'

export type ImageInputLimits = Pick<Config['images'], 'maxUploadBytes' | 'maxImagesPerRequest'>

/** The schema defaults, for format plugins built without a config. */
export const defaultImageInputLimits: ImageInputLimits = Value.Create(ImagesSection)

const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/

function refuseTooBig(field: string, bytes: number, limits: ImageInputLimits): never {
  // OpenAI answers oversized images with 400, so clients treat it as "fix the request", not a retry.
  throw new ProxyError('payload_too_large', `The image in "${field}" is ${bytes} bytes; the limit is ${limits.maxUploadBytes} bytes`, { status: 400, param: field })
}

/** Checks decoded bytes and labels them with their true type. */
function acceptImageBytes(data: Uint8Array, field: string, limits: ImageInputLimits, filename?: string): ImagePart {
  if (data.length === 0) throw new ProxyError('invalid_request', `The image in "${field}" is empty`, { param: field })
  if (data.length > limits.maxUploadBytes) refuseTooBig(field, data.length, limits)
  const type = sniffImageType(data)
  if (!type || !knownImageTypes.includes(type)) throw new ProxyError('invalid_request', `The upload in "${field}" is not a PNG, JPEG, GIF or WebP image`, { param: field })
  return { type: 'image', source: { kind: 'bytes', data, mimeType: type.mimeType }, ...(filename ? { filename } : {}) }
}

export function decodeBase64Image(text: string, field: string, limits: ImageInputLimits): ImagePart {
  const compact = text.replace(/\s+/g, '')
  if (!base64Pattern.test(compact)) throw new ProxyError('invalid_request', `The image in "${field}" is not valid base64 or a data: URL`, { param: field })
  // Refuse before decoding, so an enormous string costs no memory.
  const estimated = Math.floor((compact.length * 3) / 4)
  if (estimated > limits.maxUploadBytes + 3) refuseTooBig(field, estimated, limits)
  return acceptImageBytes(new Uint8Array(Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64')), field, limits)
}

/** A string image: data: URL, http(s) URL (fetched later by the core), or bare base64. */
export function readImageString(text: string, field: string, limits: ImageInputLimits): ImagePart {
  const trimmed = text.trim()
  if (trimmed.startsWith('data:')) {
    const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(trimmed)
    if (!match || !match[2]!.split(';').includes('base64')) {
      throw new ProxyError('invalid_request', `The data: URL in "${field}" must be base64-encoded (data:image/png;base64,...)`, { param: field })
    }
    return decodeBase64Image(match[3]!, field, limits)
  }
  if (/^https?:\/\//i.test(trimmed)) return { type: 'image', source: { kind: 'url', url: trimmed } }
  // Base64 never contains ':', so anything with a scheme here is a URL we do not fetch (file:, ftp:, ...).
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    throw new ProxyError('invalid_request', `Unsupported image URL scheme in "${field}"; send base64, a data: URL or an http(s) URL`, { param: field })
  }
  return decodeBase64Image(trimmed, field, limits)
}

/** A multipart file part (Blob/File). */
export async function readImageFile(file: Blob, field: string, limits: ImageInputLimits): Promise<ImagePart> {
  if (file.size > limits.maxUploadBytes) refuseTooBig(field, file.size, limits)
  const name = (file as { name?: unknown }).name
  return acceptImageBytes(new Uint8Array(await file.arrayBuffer()), field, limits, typeof name === 'string' && name ? name : undefined)
}
