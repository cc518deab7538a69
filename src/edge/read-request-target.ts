/**
 * The path a request really asks for, whatever its Host header. A request without a Host, with
 * an empty or malformed one, has no URL Bun can parse; and Elysia finds the path by searching for
 * '/' from the 12th character of the URL on, so a Host of three characters or fewer shifts the
 * path it routes on (`Host: x` + `/xx/api/admin/…` ran the admin route while the log said
 * `/xx/api/admin/…`). Such requests are answered 400, or re-addressed to a fixed host before
 * routing so that routing and the access log both see the real path.
 */

/** Long enough for Elysia's path search; `.invalid` is reserved, so it never names a real host. */
const placeholderOrigin = 'http://host-too-short.invalid'

export type RequestTarget = { ok: true; request: Request; path: string } | { ok: false; path: string; reason: string }

/** The path of a URL string even when it does not parse (for choosing the error envelope). */
function readRawPath(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] || '/'
}

export function readRequestTarget(request: Request): RequestTarget {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return { ok: false, path: readRawPath(request.url), reason: 'The request has no valid Host header' }
  }
  const host = request.headers.get('host')
  if (url.hostname === '' || (host !== null && host.trim() === '')) return { ok: false, path: url.pathname, reason: 'The request has no valid Host header' }
  // Elysia's search for the path starts at index 11: the path must not start before it.
  if (request.url.indexOf('/', url.protocol.length + 2) >= 11) return { ok: true, request, path: url.pathname }
  return { ok: true, request: new Request(placeholderOrigin + url.pathname + url.search, request), path: url.pathname }
}
