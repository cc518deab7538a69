/**
 * Netscape `cookies.txt`, what "Get cookies.txt" extensions, curl and yt-dlp write: one cookie per
 * line, seven tab-separated fields (domain, include-subdomains flag, path, secure flag, expiry in
 * Unix seconds, name, value). `#HttpOnly_` before the domain marks an HttpOnly cookie; other lines
 * starting with `#` and blank lines are comments.
 */

import { importError } from './cookie-import-error.ts'
import type { ImportedCookie } from './imported-cookie.ts'

const httpOnlyPrefix = '#HttpOnly_'

/** True when the text looks like a cookies.txt file (its header, or a tab-separated cookie line). */
export function looksLikeNetscape(text: string): boolean {
  if (/^#\s*(Netscape )?HTTP Cookie File/im.test(text)) return true
  return text.split(/\r?\n/).some((line) => !line.startsWith('#') && line.split('\t').length >= 6)
}

export function parseNetscape(text: string, source: string): ImportedCookie[] {
  const cookies: ImportedCookie[] = []
  const lines = text.split(/\r?\n/)
  for (const [index, rawLine] of lines.entries()) {
    const place = `line ${index + 1}`
    let line = rawLine.trim() === '' ? '' : rawLine.replace(/\r$/, '')
    if (line === '') continue
    if (line.startsWith(httpOnlyPrefix)) line = line.slice(httpOnlyPrefix.length)
    else if (line.startsWith('#')) continue
    const fields = line.split('\t')
    if (fields.length < 6) throw importError(source, place, `expected 7 tab-separated fields (domain, subdomains, path, secure, expiry, name, value), found ${fields.length}`)
    const [domain, , , , expiry, name, value = ''] = fields as [string, string, string, string, string, string, string?]
    const seconds = Number(expiry)
    if (expiry !== '' && !Number.isFinite(seconds)) throw importError(source, place, `the expiry "${expiry.slice(0, 20)}" is not a number of seconds`)
    cookies.push({ name, value, domain, place, ...(seconds > 0 ? { expiresAt: seconds * 1000 } : {}) })
  }
  return cookies
}
