/**
 * Decodes inline attachments: `data:` URLs and bare base64, as clients put them in `image_url`
 * and `file.file_data`. A malformed value is a 400 naming the field, never a crash or a silently
 * empty attachment.
 */

import { invalidField } from '../shared/check-wire-value.ts'

export type DecodedData = { mimeType: string; data: Uint8Array }

const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/

/** Strict base64 (standard or URL-safe alphabet, whitespace tolerated). */
export function decodeBase64(text: string, param: string): Uint8Array {
  const compact = text.replace(/\s+/g, '')
  if (compact.length === 0) throw invalidField(param, 'the base64 data is empty')
  if (!base64Pattern.test(compact) || compact.length % 4 === 1) {
    throw invalidField(param, 'the data is not valid base64')
  }
  return new Uint8Array(Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64'))
}

/** Parses `data:<mime>[;param...][;base64],<data>` (RFC 2397). */
export function decodeDataUrl(url: string, param: string): DecodedData {
  const comma = url.indexOf(',')
  if (!url.toLowerCase().startsWith('data:') || comma < 0) {
    throw invalidField(param, "a data URL must look like 'data:image/png;base64,<data>'")
  }
  const meta = url.slice(5, comma).split(';').map((segment) => segment.trim())
  const isBase64 = meta.length > 1 && meta.at(-1)?.toLowerCase() === 'base64'
  const mimeType = (meta[0] ?? '').toLowerCase() || 'text/plain'
  if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mimeType)) throw invalidField(param, `the data URL has an invalid media type '${mimeType.slice(0, 64)}'`)
  const payload = url.slice(comma + 1)
  if (isBase64) return { mimeType, data: decodeBase64(payload, param) }
  let text: string
  try {
    text = decodeURIComponent(payload)
  } catch {
    throw invalidField(param, 'the data URL is not valid percent-encoded text')
  }
  if (text.length === 0) throw invalidField(param, 'the data URL is empty')
  return { mimeType, data: new TextEncoder().encode(text) }
}

/** A Map: a file named `a.constructor` has an unknown extension, not Object.prototype's constructor. */
const mimeByExtension = new Map<string, string>([
  ['pdf', 'application/pdf'],
  ['txt', 'text/plain'],
  ['md', 'text/markdown'],
  ['csv', 'text/csv'],
  ['html', 'text/html'],
  ['json', 'application/json'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
])

/** The media type implied by a file name, for bare base64 `file_data` that carries none. */
export function guessMimeType(filename: string | undefined): string {
  const extension = filename?.split('.').pop()?.toLowerCase() ?? ''
  return mimeByExtension.get(extension) ?? 'application/octet-stream'
}
