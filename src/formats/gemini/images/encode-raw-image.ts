/**
 * The guide's download form of Gemini image generation: `curl …:generateContent
 * -H 'Accept: image/png' -o test.jpg` gets the image file itself instead of JSON. A caller asks
 * for it with an image type in Accept (image/png, image/jpeg, image/webp, image/*) preferred over
 * JSON, or with `?alt=media`; a bare wildcard Accept (curl's default) keeps JSON, so SDKs never see bytes.
 * The bytes are sent as delivered, with their true type: a JPEG is not re-encoded as PNG.
 */

import type { InternalResponse } from '../../../core/ir.ts'
import { extensionForMimeType } from '../../../lib/image-info.ts'
import { buildNoImageError } from '../../shared/no-image-error.ts'
import type { EncodeMeta, EncodedResponse } from '../../types.ts'
import { encodeGeminiError } from '../encode-error.ts'

type AcceptEntry = { type: string; quality: number; position: number }

function parseAccept(accept: string): AcceptEntry[] {
  return accept.split(',').flatMap((raw, position) => {
    const [type, ...parameters] = raw.split(';').map((piece) => piece.trim().toLowerCase())
    if (!type) return []
    const q = parameters.find((parameter) => parameter.startsWith('q='))
    const quality = q ? Number(q.slice(2)) : 1
    return [{ type, quality: Number.isFinite(quality) ? quality : 0, position }]
  })
}

function best(entries: AcceptEntry[], matches: (type: string) => boolean): AcceptEntry | null {
  return entries.filter((entry) => matches(entry.type) && entry.quality > 0).sort((a, b) => b.quality - a.quality || a.position - b.position)[0] ?? null
}

/** True when the caller asked for the image file rather than JSON. */
export function wantsRawImage(meta: Pick<EncodeMeta, 'accept' | 'query'>): boolean {
  if (meta.query.get('alt') === 'media') return true
  if (!meta.accept) return false
  const entries = parseAccept(meta.accept)
  const image = best(entries, (type) => /^image\/(png|jpeg|jpg|webp|gif|\*)$/.test(type))
  if (!image) return false
  const json = best(entries, (type) => type === 'application/json' || type === 'application/*')
  return !json || image.quality > json.quality || (image.quality === json.quality && image.position < json.position)
}

/**
 * The first generated image as the whole response body, or null when the caller did not ask for
 * raw bytes (the format then encodes JSON as usual). With no image in the answer, a Google-style
 * error envelope explains why instead of an empty file.
 */
export function encodeRawImage(response: InternalResponse, meta: Pick<EncodeMeta, 'accept' | 'query'>): EncodedResponse | null {
  if (!wantsRawImage(meta)) return null
  const image = response.images[0]
  if (!image) {
    const rendered = encodeGeminiError(buildNoImageError(response.text))
    return { status: rendered.status, headers: { 'x-should-retry': 'false' }, body: rendered.body }
  }
  return {
    status: 200,
    headers: {
      'content-type': image.mimeType,
      'content-disposition': `inline; filename="gemini-image.${extensionForMimeType(image.mimeType)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-image-width': String(image.width),
      'x-image-height': String(image.height),
      'x-image-count': String(response.images.length),
      ...(image.url ? { 'x-image-url': image.url } : {}),
    },
    body: image.data,
  }
}
