/**
 * The attachment resolver that fetches remote image URLs (OpenAI `image_url` with http(s)) so the
 * backend only ever sees bytes. Every hop is SSRF-checked (see check-remote-url), redirects are
 * followed by hand (at most 3) so each target is checked before it is contacted, and size, time
 * and content type are capped. Refusals are 400s that name the URL and the reason; the DNS
 * lookup and fetch are injectable so all of this is tested offline.
 */

import type { Config } from '../config/schema.ts'
import type { AttachmentResolver } from '../core/attachments.ts'
import { inlineOnlyResolver } from '../core/attachments.ts'
import { ProxyError } from '../core/errors.ts'
import type { BinarySource, ContentPart, InternalRequest, Message } from '../core/ir.ts'
import { assertFetchableUrl, refuseUrl, systemLookup, type LookupAddresses } from './check-remote-url.ts'
import { BodyTooLargeError, readLimitedBody } from './read-limited-body.ts'
import { sniffImageType } from '../lib/image-info.ts'

export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>

export type RemoteAttachmentOptions = {
  config: { images: Pick<Config['images'], 'maxUploadBytes' | 'remoteFetchTimeoutSeconds' | 'allowRemoteFetch'> }
  lookup?: LookupAddresses
  fetch?: FetchFunction
}

const maxRedirects = 3
/** A bound on outbound work one request can cause. */
const maxRemoteAttachments = 16
const redirectStatuses = new Set([301, 302, 303, 307, 308])

type Fetched = { data: Uint8Array; contentType: string; finalUrl: URL }

type FetchLimits = { lookup: LookupAddresses; fetch: FetchFunction; maxBytes: number; signal: AbortSignal }

async function fetchWithChecks(start: URL, limits: FetchLimits): Promise<Fetched> {
  let url = start
  for (let hop = 0; hop <= maxRedirects; hop++) {
    await assertFetchableUrl(url, limits.lookup, limits.signal)
    const response = await limits.fetch(url.href, {
      method: 'GET',
      redirect: 'manual',
      signal: limits.signal,
      headers: { accept: 'image/*, application/pdf;q=0.9, */*;q=0.5' },
    })
    if (redirectStatuses.has(response.status)) {
      await response.body?.cancel().catch(() => undefined)
      const location = response.headers.get('location')
      if (!location) throw refuseUrl(start.href, `a redirect (HTTP ${response.status}) had no Location`)
      try {
        url = new URL(location, url)
      } catch {
        throw refuseUrl(start.href, 'a redirect pointed at an invalid URL')
      }
      continue
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined)
      throw refuseUrl(start.href, `the server answered HTTP ${response.status}`)
    }
    const declaredLength = Number(response.headers.get('content-length') ?? '0')
    if (declaredLength > limits.maxBytes) {
      await response.body?.cancel().catch(() => undefined)
      throw refuseUrl(start.href, `it is ${declaredLength} bytes; the limit is ${limits.maxBytes} bytes`)
    }
    let data: Uint8Array
    try {
      data = await readLimitedBody(response, limits.maxBytes)
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw refuseUrl(start.href, `it is larger than the limit of ${limits.maxBytes} bytes`)
      throw error
    }
    if (data.byteLength === 0) throw refuseUrl(start.href, 'the server sent an empty body')
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    return { data, contentType, finalUrl: url }
  }
  throw refuseUrl(start.href, `it redirects more than ${maxRedirects} times`)
}

/** Chooses the media type the backend is told, or refuses content that is not what the part claims. */
function decideMediaType(part: ContentPart & { type: 'image' | 'file' }, source: BinarySource & { kind: 'url' }, fetched: Fetched): string {
  const sniffed = sniffImageType(fetched.data)?.mimeType
  if (part.type === 'image') {
    if (sniffed) return sniffed
    const shown = fetched.contentType || 'none'
    throw refuseUrl(source.url, `it is not a supported image (content type ${shown}); send PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC or AVIF`)
  }
  const declared = source.mimeType?.toLowerCase()
  const generic = fetched.contentType === '' || fetched.contentType === 'application/octet-stream'
  if (declared && !generic && fetched.contentType !== declared) {
    throw refuseUrl(source.url, `it is ${fetched.contentType}, not the declared ${declared}`)
  }
  return declared ?? (generic ? sniffed ?? 'application/octet-stream' : fetched.contentType)
}

function filenameFrom(url: URL): string | undefined {
  const last = url.pathname.split('/').pop() ?? ''
  let name: string
  try {
    name = decodeURIComponent(last)
  } catch {
    return undefined
  }
  return /^[\w .()-]{1,100}\.[A-Za-z0-9]{1,8}$/.test(name) ? name : undefined
}

export function createRemoteAttachmentResolver(options: RemoteAttachmentOptions): AttachmentResolver {
  const images = options.config.images
  if (!images.allowRemoteFetch) return inlineOnlyResolver
  const lookup = options.lookup ?? systemLookup
  const fetchFunction: FetchFunction = options.fetch ?? ((url, init) => fetch(url, init))
  const timeoutMs = images.remoteFetchTimeoutSeconds * 1000

  async function fetchPart(part: ContentPart & { type: 'image' | 'file' }, source: BinarySource & { kind: 'url' }, signal: AbortSignal): Promise<ContentPart> {
    let start: URL
    try {
      start = new URL(source.url)
    } catch {
      throw refuseUrl(source.url, 'it is not a valid URL')
    }
    const timer = new AbortController()
    const timeout = setTimeout(() => timer.abort(new DOMException('attachment fetch timed out', 'TimeoutError')), timeoutMs)
    const combined = AbortSignal.any([signal, timer.signal])
    try {
      const fetched = await fetchWithChecks(start, { lookup, fetch: fetchFunction, maxBytes: images.maxUploadBytes, signal: combined })
      const mimeType = decideMediaType(part, source, fetched)
      const resolved: ContentPart = { ...part, source: { kind: 'bytes', data: fetched.data, mimeType } }
      const filename = part.filename ?? filenameFrom(fetched.finalUrl)
      if (filename) resolved.filename = filename
      return resolved
    } catch (error) {
      if (error instanceof ProxyError) throw error
      // The caller leaving is not the URL's fault; let the pipeline report it as such.
      if (signal.aborted) throw signal.reason ?? error
      if (timer.signal.aborted) throw refuseUrl(source.url, `it did not download within ${images.remoteFetchTimeoutSeconds} s`)
      throw refuseUrl(source.url, 'the download failed', error)
    } finally {
      clearTimeout(timeout)
    }
  }

  return {
    async resolve(request: InternalRequest, signal: AbortSignal): Promise<InternalRequest> {
      const remoteCount = request.messages.reduce((count, message) => count + message.parts.filter((part) => (part.type === 'image' || part.type === 'file') && part.source.kind === 'url').length, 0)
      if (remoteCount === 0) return request
      if (remoteCount > maxRemoteAttachments) {
        throw new ProxyError('invalid_request', `The request links ${remoteCount} remote attachments; at most ${maxRemoteAttachments} are fetched per request`, { param: 'messages' })
      }
      const messages: Message[] = []
      // One at a time: a request's downloads share one time budget per file and stay bounded.
      for (const message of request.messages) {
        const parts: ContentPart[] = []
        for (const part of message.parts) {
          if ((part.type === 'image' || part.type === 'file') && part.source.kind === 'url') parts.push(await fetchPart(part, part.source, signal))
          else parts.push(part)
        }
        messages.push({ ...message, parts })
      }
      return { ...request, messages }
    },
  }
}
