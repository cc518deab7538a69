/**
 * Reads cookies the way operators have them: a `{name: value}` map, or a browser extension's
 * export (an array of `{name, value, domain, ...}`). Only Google's cookies are kept from an
 * export, so a whole-browser export does not send unrelated cookies upstream.
 */

export class CookieExportError extends Error {
  override readonly name = 'CookieExportError'
}

type ExportedCookie = { name?: unknown; value?: unknown; domain?: unknown }

function isGoogleDomain(domain: unknown): boolean {
  if (typeof domain !== 'string' || domain === '') return true
  const host = domain.replace(/^\./, '').toLowerCase()
  return host === 'google.com' || host.endsWith('.google.com')
}

export function parseCookieExport(value: unknown): Record<string, string> {
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? (value as ExportedCookie[]).filter((cookie) => isGoogleDomain(cookie?.domain)).map((cookie) => [String(cookie?.name ?? ''), cookie?.value])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : []
  const cookies: Record<string, string> = {}
  for (const [name, cookieValue] of entries) {
    if (!/^[\w.-]+$/.test(name) || typeof cookieValue !== 'string' || cookieValue.length === 0) {
      throw new CookieExportError('cookies must map cookie names to non-empty string values')
    }
    cookies[name] = cookieValue
  }
  return cookies
}
