/**
 * Generated-image downloads. GET /gg-dl/<token>=<suffix> (lh3.googleusercontent.com) answers 302 to
 * work.fife.usercontent.google.com/rd-gg-dl/<other token>=<suffix>, which needs the session cookies
 * (403 without) and serves a PNG, or a JPEG with `-rj`, whose longest side is the `=sN` size
 * (`=s0` = the original size, no suffix = the ~512 px preview). Encoded images are cached by size.
 */

import type { EmulatorContext } from './context.ts'
import { parseCookieHeader } from './cookies.ts'
import { encodeJpeg } from './jpeg-encoder.ts'
import { cookieNames, googleOrigins, imageSizes, paths } from './protocol-data.ts'
import { encodePng } from './png-encoder.ts'

const imageCache = new Map<string, Uint8Array<ArrayBuffer>>()
const imageCacheLimit = 16

type SizeRequest = { side: number; jpeg: boolean }

/** Splits `<token>=s2048-rj` into the token and the size options; null for a malformed suffix. */
function parseImageSuffix(tail: string, originalSide: number): { token: string; suffix: string; size: SizeRequest } | null {
  const separator = tail.indexOf('=')
  if (separator < 0) return { token: tail, suffix: '', size: { side: imageSizes.preview, jpeg: false } }
  const token = tail.slice(0, separator)
  const suffix = tail.slice(separator + 1)
  const options = suffix.split('-')
  let side: number = imageSizes.preview
  let jpeg = false
  for (const option of options) {
    if (/^s\d+$/.test(option)) side = Number(option.slice(1))
    else if (option === 'rj') jpeg = true
    else if (option !== 'rp' && option !== 'd' && option !== 'I') return null
  }
  if (side === 0) side = originalSide
  if (side < 1 || side > imageSizes.maxSide) return null
  return { token, suffix, size: { side, jpeg } }
}

function loadImage(size: SizeRequest): Uint8Array<ArrayBuffer> {
  const key = `${size.side}:${size.jpeg ? 'jpeg' : 'png'}`
  let bytes = imageCache.get(key)
  if (bytes === undefined) {
    bytes = size.jpeg ? encodeJpeg(size.side, size.side) : encodePng(size.side, size.side)
    if (imageCache.size >= imageCacheLimit) imageCache.delete(imageCache.keys().next().value as string)
    imageCache.set(key, bytes)
  }
  return bytes
}

function notFound(): Response {
  return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/html' } })
}

export function handleGeneratedImage(pathname: string, context: EmulatorContext): Response {
  const parsed = parseImageSuffix(decodeURIComponent(pathname.slice(paths.generatedImage.length)), context.options.originalImageSide)
  if (parsed === null) return new Response('Bad Request', { status: 400 })
  const image = context.state.images.get(parsed.token)
  if (image === undefined) return notFound()
  context.state.redirectedImages.set(image.redirectToken, image.seed)
  const suffix = parsed.suffix === '' ? '' : `=${parsed.suffix}`
  const location = `${googleOrigins.redirectedImages}${paths.redirectedImage}${image.redirectToken}${suffix}`
  return new Response(null, { status: 302, headers: { location } })
}

export function handleRedirectedImage(request: Request, pathname: string, context: EmulatorContext): Response {
  const statusFault = context.faults.take('image-download-status')
  if (statusFault !== undefined) return new Response('Emulated download failure', { status: statusFault.status ?? 500 })
  const psid = parseCookieHeader(request.headers.get('cookie')).get(cookieNames.psid)
  if (psid === undefined || psid === '') return new Response('Forbidden', { status: 403, headers: { 'content-type': 'text/html' } })
  if (context.options.acceptedPsid !== undefined && psid !== context.options.acceptedPsid) return new Response('Forbidden', { status: 403 })
  const parsed = parseImageSuffix(decodeURIComponent(pathname.slice(paths.redirectedImage.length)), context.options.originalImageSide)
  if (parsed === null) return new Response('Bad Request', { status: 400 })
  if (!context.state.redirectedImages.has(parsed.token)) return notFound()
  const bytes = loadImage(parsed.size)
  const contentType = parsed.size.jpeg ? 'image/jpeg' : 'image/png'
  return new Response(bytes, { status: 200, headers: { 'content-type': contentType, 'content-length': String(bytes.length), 'cache-control': 'private, max-age=86400' } })
}
