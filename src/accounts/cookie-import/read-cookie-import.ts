/**
 * Reads cookies in every form operators have them, from a file or a request body: Netscape
 * cookies.txt, JSON arrays of Cookie-Editor / EditThisCookie, a Playwright storageState, a HAR
 * file, a `{name: value}` map, or a plain `Cookie:` header. The format is recognised from the
 * content, never from the file name. Only Google's cookies are kept, and a session needs
 * `__Secure-1PSID`; a broken export gets an error naming the file, the line or entry, and what is
 * wrong (src/accounts/cookie-import/cookie-import-error.ts).
 */

import { importError } from './cookie-import-error.ts'
import type { ImportedCookie } from './imported-cookie.ts'
import { looksLikeCookieHeader, parseCookieHeader } from './parse-cookie-header.ts'
import { parseJsonExport } from './parse-json-export.ts'
import { looksLikeNetscape, parseNetscape } from './parse-netscape.ts'
import { pickGoogleCookies, type PickedCookies } from './pick-google-cookies.ts'

type CookieImportFormat = 'json' | 'netscape' | 'cookie-header'

export type CookieImport = PickedCookies & { format: CookieImportFormat }

const sessionCookieName = '__Secure-1PSID'

function parseText(text: string, source: string): { format: CookieImportFormat; cookies: ImportedCookie[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (trimmed === '') throw importError(source, null, 'the export is empty')
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch (error) {
      throw importError(source, null, `it looks like JSON but does not parse: ${(error as Error).message}`)
    }
    return { format: 'json', cookies: parseJsonExport(parsed, source) }
  }
  if (looksLikeNetscape(trimmed)) return { format: 'netscape', cookies: parseNetscape(trimmed, source) }
  if (looksLikeCookieHeader(trimmed)) return { format: 'cookie-header', cookies: parseCookieHeader(trimmed, source) }
  throw importError(source, 'line 1', 'not a cookie export this server knows: use cookies.txt (Netscape), a JSON export (Cookie-Editor, EditThisCookie, Playwright storageState, HAR) or a "name=value; …" Cookie header')
}

/**
 * `input` is the file's text, or a value already parsed from JSON (an admin request body). With
 * `requireSession`, an export without `__Secure-1PSID` is refused: it cannot sign in.
 */
export function readCookieImport(input: unknown, source: string, options: { requireSession?: boolean } = {}): CookieImport {
  const { format, cookies } = typeof input === 'string' ? parseText(input, source) : { format: 'json' as const, cookies: parseJsonExport(input, source) }
  const picked = pickGoogleCookies(cookies, source)
  if (options.requireSession && !picked.cookies[sessionCookieName]) {
    const seen = cookies.length === 0 ? 'it holds no cookies' : `it holds ${cookies.length} cookies, ${Object.keys(picked.cookies).length} of them for google.com, none named ${sessionCookieName}`
    throw importError(source, null, `${seen}; export the cookies of gemini.google.com while signed in (docs/accounts.md)`)
  }
  return { format, ...picked }
}

/** Reads a cookie export file from disk. */
export async function readCookieFile(path: string, options: { requireSession?: boolean } = {}): Promise<CookieImport> {
  const file = Bun.file(path)
  if (!(await file.exists())) throw importError(path, null, 'the file does not exist')
  return readCookieImport(await file.text(), path, options)
}
