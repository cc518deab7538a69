/**
 * The JSON exports operators have: a `{name: value}` map; an array of cookie objects (Cookie-Editor,
 * EditThisCookie, most extensions: `name`, `value`, `domain`, `expirationDate` in seconds); a
 * Playwright `storageState` (`{cookies: [...], origins: [...]}`, `expires` in seconds); and a HAR
 * file (`{log: {entries: [...]}}`), whose requests to Google carry the cookies the browser sent.
 */

import { importError } from './cookie-import-error.ts'
import type { ImportedCookie } from './imported-cookie.ts'

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readString(entry: JsonObject, key: string): string | undefined {
  const value = entry[key]
  return typeof value === 'string' ? value : undefined
}

/** Seconds since the epoch (with fractions) to milliseconds; session cookies have none. */
function readExpiry(entry: JsonObject): number | undefined {
  const seconds = entry.expirationDate ?? entry.expires
  return typeof seconds === 'number' && seconds > 0 ? Math.round(seconds * 1000) : undefined
}

function readCookieObject(entry: unknown, source: string, place: string, domainFallback?: string): ImportedCookie {
  if (!isObject(entry)) throw importError(source, place, 'expected a cookie object with "name" and "value"')
  const name = readString(entry, 'name')
  if (name === undefined || name === '') throw importError(source, place, 'the cookie has no "name"')
  const value = entry.value
  if (value !== undefined && value !== null && typeof value !== 'string') throw importError(source, place, `the value of ${name} is not a string`)
  const domain = readString(entry, 'domain') ?? domainFallback
  const expiresAt = readExpiry(entry)
  return { name, value: value ?? '', place, ...(domain ? { domain } : {}), ...(expiresAt ? { expiresAt } : {}) }
}

function readCookieArray(entries: unknown[], source: string, label = 'entry'): ImportedCookie[] {
  return entries.map((entry, index) => readCookieObject(entry, source, `${label} ${index + 1}`))
}

function readHar(log: JsonObject, source: string): ImportedCookie[] {
  const entries = log.entries
  if (!Array.isArray(entries)) throw importError(source, 'log', 'a HAR file needs log.entries')
  const cookies: ImportedCookie[] = []
  entries.forEach((entry, index) => {
    if (!isObject(entry)) return
    for (const side of ['request', 'response'] as const) {
      const message = entry[side]
      if (!isObject(message) || !Array.isArray(message.cookies)) continue
      let host: string | undefined
      try {
        host = side === 'request' && typeof message.url === 'string' ? new URL(message.url).hostname : undefined
      } catch {
        host = undefined
      }
      message.cookies.forEach((cookie, cookieIndex) => cookies.push(readCookieObject(cookie, source, `entry ${index + 1} ${side} cookie ${cookieIndex + 1}`, host)))
    }
  })
  return cookies
}

export function parseJsonExport(value: unknown, source: string): ImportedCookie[] {
  if (Array.isArray(value)) return readCookieArray(value, source)
  if (!isObject(value)) throw importError(source, null, 'expected a cookie export: an array of cookies, a {name: value} map, a Playwright storageState or a HAR file')
  if (Array.isArray(value.cookies)) return readCookieArray(value.cookies, source, 'cookies entry')
  if (isObject(value.log)) return readHar(value.log, source)
  return Object.entries(value).map(([name, cookieValue]) => {
    if (typeof cookieValue !== 'string') throw importError(source, `key "${name.slice(0, 40)}"`, 'a {name: value} map needs string values')
    return { name, value: cookieValue, place: `key "${name}"` }
  })
}
