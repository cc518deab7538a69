/**
 * Downloads a generated image (docs/upstream-protocol.md, "Generated images"): asks for the size the model's
 * `imageDownloadSuffix` names (`=s2048`, `=s0` = original), follows the lh3 → usercontent
 * redirect by hand so the Google cookies are re-sent on the second host (most clients lose them
 * there and get 403), refuses hosts that are not Google's, and reads the real type and
 * dimensions from the bytes.
 */

import { ProxyError } from '../../core/errors.ts'
import type { GeneratedImage } from '../../core/ir.ts'
import { readImageInfo } from '../../lib/image-info.ts'
import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { mapHttpStatus } from './map-error.ts'

const maximumRedirects = 5

/** Replaces an existing `=s…`/`=w…` size suffix or appends the requested one. */
function applySizeSuffix(url: string, suffix: string | undefined): string {
  if (!suffix) return url
  const withoutSuffix = url.replace(/=[swh]\d+[-\w]*$/, '')
  return withoutSuffix + suffix
}

export async function downloadImage(
  context: BackendContext,
  account: Account,
  imageUrl: string,
  suffix: string | undefined,
  alt: string | undefined,
  signal: AbortSignal,
): Promise<GeneratedImage> {
  let url = applySizeSuffix(imageUrl, suffix)
  for (let hop = 0; hop <= maximumRedirects; hop++) {
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' || !context.transport.mapper.isImageHost(parsed.hostname)) {
      throw new ProxyError('upstream_bad_response', 'The upstream pointed an image at a host that is not Google\'s; it was not fetched', { details: { host: parsed.hostname } })
    }
    const response = await context.transport.send(account.store, url, {
      headers: { ...context.protocol.headers.common, ...context.protocol.headers.imageDownload },
      cookieNames: context.protocol.downloadCookieNames,
      signal,
    })
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      const location = response.headers.get('location')
      if (!location) throw new ProxyError('upstream_bad_response', 'An image redirect had no location')
      url = new URL(location, url).href
      continue
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw mapHttpStatus(response.status, 'image download', response.headers.get('retry-after'))
    }
    const data = new Uint8Array(await response.arrayBuffer())
    const info = readImageInfo(data)
    if (!info) throw new ProxyError('upstream_bad_response', 'The downloaded image is not a PNG, JPEG, GIF or WebP')
    return { mimeType: info.mimeType, data, width: info.width, height: info.height, ...(alt ? { alt } : {}) }
  }
  throw new ProxyError('upstream_bad_response', 'The image download redirected too many times')
}
