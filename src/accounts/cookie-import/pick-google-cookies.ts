/**
 * Picks the cookies a Google session needs out of any export: only cookies of google.com and its
 * subdomains (a whole-browser export must not send unrelated cookies upstream), empty values
 * skipped (extensions export deleted cookies that way), and where one name is set for several
 * Google hosts the `.google.com` one wins (that is the one the web app sends). Names and sizes are
 * checked here, because a 100 KB value would make every upstream call fail later with 431.
 */

import { findCookieProblem } from '../../lib/check-cookie.ts'
import { importError } from './cookie-import-error.ts'
import type { ImportedCookie } from './imported-cookie.ts'


export type PickedCookies = {
  cookies: Record<string, string>
  /** Expiry (Unix ms) per cookie name, when the export said. */
  expiresAt: Record<string, number>
  skipped: { empty: number; otherSites: number }
}

function googleHost(domain: string | undefined): string | null {
  if (domain === undefined || domain === '') return 'google.com'
  const host = domain.replace(/^\./, '').toLowerCase()
  return host === 'google.com' || host.endsWith('.google.com') ? host : null
}

export function pickGoogleCookies(cookies: readonly ImportedCookie[], source: string): PickedCookies {
  const picked = new Map<string, { value: string; host: string; expiresAt?: number }>()
  const skipped = { empty: 0, otherSites: 0 }
  for (const cookie of cookies) {
    const host = googleHost(cookie.domain)
    if (host === null) {
      skipped.otherSites += 1
      continue
    }
    if (cookie.value === '') {
      skipped.empty += 1
      continue
    }
    const problem = findCookieProblem(cookie.name, cookie.value)
    if (problem) throw importError(source, cookie.place, problem)
    const existing = picked.get(cookie.name)
    // The .google.com cookie is what the web app sends; a host-specific twin never replaces it.
    if (existing && existing.host === 'google.com' && host !== 'google.com') continue
    picked.set(cookie.name, { value: cookie.value, host, ...(cookie.expiresAt ? { expiresAt: cookie.expiresAt } : {}) })
  }
  const result: PickedCookies = { cookies: {}, expiresAt: {}, skipped }
  for (const [name, cookie] of picked) {
    result.cookies[name] = cookie.value
    if (cookie.expiresAt) result.expiresAt[name] = cookie.expiresAt
  }
  return result
}
