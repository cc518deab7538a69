/**
 * Reads just enough of a `Set-Cookie` header to tell a plain value refresh (Google's SIDCC family
 * on most answers: same name, domain and path, a new value and a later expiry) from anything
 * else. `shape` is the header without its value and its expiry, so two refreshes of one cookie
 * have the same shape; the cookie store (cookie-store.ts) applies known shapes without parsing
 * them in full each time. The attribute part of a header repeats (its date changes once a
 * second), so what it says is remembered, a few hundred strings at most.
 */

import { parseDate } from 'tough-cookie'

export type SetCookieSummary = {
  name: string
  value: string
  shape: string
  /** Absolute expiry in ms; null for a session cookie. */
  expiresAt: number | null
}

type Attributes = { shape: string; expiresAt: number | null; maxAge: number | null }

/** A value a browser sends back byte for byte (RFC 6265 cookie-octets); anything else goes to the full parser. */
const plainValue = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/

const rememberedAttributes = new Map<string, Attributes | null>()
const maximumRemembered = 512

/**
 * Null when the header is not simple enough to summarise: no name, a quoted or unusual value, an
 * expiry tough-cookie would read otherwise, or no `Path` (the cookie's path then depends on the
 * URL it came from, so one shape could mean two cookies).
 */
export function readSetCookie(header: string, now: number): SetCookieSummary | null {
  const semicolon = header.indexOf(';')
  const first = semicolon < 0 ? header : header.slice(0, semicolon)
  const equals = first.indexOf('=')
  if (equals <= 0) return null
  const name = first.slice(0, equals).trim()
  const value = first.slice(equals + 1).trim()
  if (name === '' || !plainValue.test(value)) return null
  const tail = semicolon < 0 ? '' : header.slice(semicolon + 1)
  let attributes = rememberedAttributes.get(tail)
  if (attributes === undefined) {
    attributes = readAttributes(tail)
    if (rememberedAttributes.size >= maximumRemembered) rememberedAttributes.clear()
    rememberedAttributes.set(tail, attributes)
  }
  if (attributes === null) return null
  // Max-Age wins over Expires (RFC 6265 5.3 step 3).
  const expiresAt = attributes.maxAge !== null ? now + attributes.maxAge * 1000 : attributes.expiresAt
  return { name, value, shape: `${name}${attributes.shape}`, expiresAt }
}

function readAttributes(tail: string): Attributes | null {
  let shape = ''
  let expiresAt: number | null = null
  let maxAge: number | null = null
  let hasPath = false
  for (const part of tail.split(';')) {
    const attribute = part.trim()
    const attributeEquals = attribute.indexOf('=')
    const attributeName = (attributeEquals < 0 ? attribute : attribute.slice(0, attributeEquals)).trim().toLowerCase()
    const attributeValue = attributeEquals < 0 ? '' : attribute.slice(attributeEquals + 1).trim()
    if (attributeName === 'expires') {
      // tough-cookie's own date reader: the expiry must be the one the jar will hold.
      const parsed = parseDate(attributeValue)?.getTime()
      if (parsed === undefined || !Number.isFinite(parsed)) return null
      expiresAt = parsed
    } else if (attributeName === 'max-age') {
      if (!/^-?\d+$/.test(attributeValue)) return null
      maxAge = Number(attributeValue)
    } else if (attributeName === 'path') {
      // Paths are case-sensitive; one that does not start with '/' means the URL's default path.
      if (!attributeValue.startsWith('/')) return null
      hasPath = true
      shape += `;path=${attributeValue}`
    } else if (attributeName !== '') shape += attributeEquals < 0 ? `;${attributeName}` : `;${attributeName}=${attributeValue.toLowerCase()}`
  }
  return hasPath ? { shape, expiresAt, maxAge } : null
}
