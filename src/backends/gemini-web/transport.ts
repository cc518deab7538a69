/**
 * The one way the backend talks HTTP: attaches the account's cookies for the logical (Google)
 * URL, maps it onto the physical origin, never follows redirects by itself (callers classify or
 * follow them by hand so cookies are re-sent per hop), and merges every Set-Cookie back into
 * the jar.
 */

import type { CookieStore } from './cookie-store.ts'
import type { UrlMapper } from './origins.ts'

type SendOptions = {
  method?: string
  headers?: Record<string, string>
  body?: BodyInit
  signal?: AbortSignal
  /** Only these cookie names are sent (image download hops). */
  cookieNames?: readonly string[]
  /** Send no cookies at all (third-party hosts). */
  withoutCookies?: boolean
}

export type Transport = {
  send(store: CookieStore, logicalUrl: string, options?: SendOptions): Promise<Response>
  mapper: UrlMapper
}

/** Sends one request from inside a browser page instead (src/backends/gemini-web/browser-keeper/page-fetch.ts). */
type PageFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: BodyInit; signal?: AbortSignal }) => Promise<Response>

export type TransportHooks = {
  onCookiesChanged(store: CookieStore): void
  /** The egress proxy of the account a jar belongs to (Google limits per IP). */
  proxyFor?(store: CookieStore): string | undefined
  /** A page to send this request from (the account's keeper in page-transport mode), if any. */
  pageFetchFor?(store: CookieStore, logicalUrl: string): PageFetch | null
}

export function createTransport(fetchFunction: typeof fetch, mapper: UrlMapper, hooks: TransportHooks): Transport {
  return {
    mapper,
    async send(store, logicalUrl, options = {}) {
      const pageFetch = hooks.pageFetchFor?.(store, logicalUrl)
      if (pageFetch) {
        // The browser sends its own cookies and keeps what it receives; the keeper syncs them.
        return pageFetch(logicalUrl, { method: options.method ?? 'GET', headers: { ...options.headers }, ...(options.body !== undefined ? { body: options.body } : {}), ...(options.signal ? { signal: options.signal } : {}) })
      }
      const headers: Record<string, string> = { ...options.headers }
      if (!options.withoutCookies) {
        const cookie = store.cookieHeader(logicalUrl, options.cookieNames)
        if (cookie) headers.cookie = cookie
      }
      const init: RequestInit & { proxy?: string } = { method: options.method ?? 'GET', headers, redirect: 'manual' }
      const proxy = hooks.proxyFor?.(store)
      if (proxy) init.proxy = proxy
      if (options.body !== undefined) init.body = options.body
      if (options.signal) init.signal = options.signal
      const response = await fetchFunction(mapper.toPhysical(logicalUrl), init)
      const setCookies = response.headers.getSetCookie()
      if (setCookies.length > 0 && store.merge(setCookies, logicalUrl)) hooks.onCookiesChanged(store)
      return response
    },
  }
}
