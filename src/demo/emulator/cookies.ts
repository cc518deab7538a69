/**
 * Cookie handling as Google does it: read the request's Cookie header, decide who is signed in, and
 * re-issue the SIDCC family on every answer so the client's cookie merging gets exercised.
 */

import { cookieNames } from './protocol-data.ts'

export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>()
  if (header === null || header === '') return cookies
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator <= 0) continue
    cookies.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim())
  }
  return cookies
}

/** The Cookie header with every value replaced, for the request log (secrets never recorded). */
export function maskCookieHeader(header: string): string {
  return [...parseCookieHeader(header).keys()].map((name) => `${name}=***`).join('; ')
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export function createOpaqueValue(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let text = ''
  for (const byte of bytes) text += alphabet[byte & 63]
  return text
}

const oneYearSeconds = 365 * 24 * 3600

function formatCookie(name: string, value: string, attributes: string): string {
  return `${name}=${value}; Domain=.google.com; Path=/; Max-Age=${oneYearSeconds}; ${attributes}`
}

/** SIDCC, __Secure-1PSIDCC, __Secure-3PSIDCC with fresh values. */
export function createSidccCookies(): string[] {
  return [
    formatCookie(cookieNames.sidcc, `AKEyXz${createOpaqueValue(70)}`, 'priority=high'),
    formatCookie(cookieNames.psidcc1, `AKEyXz${createOpaqueValue(70)}`, 'Secure; HttpOnly; priority=high'),
    formatCookie(cookieNames.psidcc3, `AKEyXz${createOpaqueValue(70)}`, 'Secure; HttpOnly; priority=high; SameSite=none'),
  ]
}

export function createPsidtsCookies(value: string): string[] {
  return [
    formatCookie(cookieNames.psidts, value, 'Secure; HttpOnly; Priority=HIGH'),
    formatCookie(cookieNames.psidts3, value, 'Secure; HttpOnly; Priority=HIGH; SameSite=none'),
  ]
}

export function createPreflightCookies(): string[] {
  return [
    `NID=525=${createOpaqueValue(120)}; expires=${new Date(Date.now() + 180 * 86400_000).toUTCString()}; path=/; domain=.google.com; HttpOnly`,
    `AEC=${createOpaqueValue(60)}; expires=${new Date(Date.now() + 180 * 86400_000).toUTCString()}; path=/; domain=.google.com; Secure; HttpOnly; SameSite=lax`,
  ]
}

export function appendCookies(headers: Headers, cookies: readonly string[]): void {
  for (const cookie of cookies) headers.append('set-cookie', cookie)
}
