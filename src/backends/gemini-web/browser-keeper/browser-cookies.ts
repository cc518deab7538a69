/**
 * Moves cookies between the account's jar and the keeper's browser. Only Google's cookies cross:
 * the profile may hold others (consent pages, other sites) that have no business upstream.
 */

import type { BrowserContext } from 'playwright-core'
import type { CookieStore, JarCookie } from '../cookie-store.ts'

const sessionCookieName = '__Secure-1PSID'

function isGoogleDomain(domain: string): boolean {
  const host = domain.replace(/^\./, '').toLowerCase()
  return host === 'google.com' || host.endsWith('.google.com')
}

/** The browser's Google cookies, in the jar's terms. */
export async function readBrowserCookies(context: BrowserContext): Promise<JarCookie[]> {
  const cookies = await context.cookies()
  return cookies
    .filter((cookie) => isGoogleDomain(cookie.domain) && cookie.value !== '')
    .map((cookie) => ({ name: cookie.name, value: cookie.value, domain: cookie.domain, path: cookie.path, secure: cookie.secure, httpOnly: cookie.httpOnly, expiresAt: cookie.expires > 0 ? Math.round(cookie.expires * 1000) : null }))
}

/** Whether the profile holds a Google session (signed in at least once). */
export async function hasBrowserSession(context: BrowserContext): Promise<boolean> {
  return (await readBrowserCookies(context)).some((cookie) => cookie.name === sessionCookieName)
}

/** Gives a new profile the account's cookies (any export the accounts issue reads): its first sign-in. */
export async function seedBrowserProfile(context: BrowserContext, store: CookieStore): Promise<number> {
  const cookies = store.listCookies().filter((cookie) => isGoogleDomain(cookie.domain))
  if (cookies.length === 0) return 0
  await context.addCookies(
    cookies.map((cookie) => ({
      name: cookie.name,
      value: cookie.value,
      // Playwright wants a domain cookie as ".google.com" and a host-only one by URL.
      ...(cookie.domain.startsWith('.') ? { domain: cookie.domain, path: cookie.path } : { url: `https://${cookie.domain}${cookie.path}` }),
      secure: true,
      httpOnly: cookie.httpOnly,
      sameSite: 'None' as const,
      ...(cookie.expiresAt ? { expires: Math.floor(cookie.expiresAt / 1000) } : {}),
    })),
  )
  return cookies.length
}
