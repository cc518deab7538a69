/**
 * Serves stored images at `GET /images/<id>.<ext>` (the URLs OpenAI `url` answers carry). The id
 * is checked against a strict pattern before it touches the file system, so no path can escape
 * the image directory; unknown, expired and malformed names all get the same 404.
 */

import { jsonResponse } from '../../lib/json-response.ts'
import type { PlainRoute } from '../plain-route.ts'
import type { ManagedImageStore } from './image-store.ts'

const fileNamePattern = /^([A-Za-z0-9_-]{32,64})\.([a-z]{2,4})$/

function answerNotFound(): Response {
  return jsonResponse({ error: { message: 'Image not found or expired', type: 'invalid_request_error', code: 'not_found' } }, 404, { 'cache-control': 'no-store' })
}

async function answerImageRequest(store: Pick<ManagedImageStore, 'read'>, request: Request, now: () => number = Date.now): Promise<Response> {
  const path = new URL(request.url).pathname
  const raw = path.slice(path.lastIndexOf('/') + 1)
  const match = fileNamePattern.exec(raw)
  if (!match || path !== `/images/${raw}`) return answerNotFound()
  const image = await store.read(match[1]!)
  if (!image || image.extension !== match[2]) return answerNotFound()
  const maxAge = Math.max(0, Math.floor((image.expiresAt - now()) / 1000))
  return new Response(image.data as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': image.mimeType,
      'content-length': String(image.data.length),
      // The URL is a bearer secret: shared caches must not keep it; the browser may until expiry.
      'cache-control': `private, max-age=${maxAge}`,
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="${image.id}.${image.extension}"`,
      'x-image-width': String(image.width),
      'x-image-height': String(image.height),
    },
  })
}

export function createImageRoutes(store: Pick<ManagedImageStore, 'read'>, now: () => number = Date.now): PlainRoute[] {
  return [{ method: 'GET', path: '/images/:file', handle: (request) => answerImageRequest(store, request, now) }]
}
