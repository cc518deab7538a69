/**
 * A plain `Cookie` request header as copied from the browser's developer tools:
 * `name=value; name2=value2`, optionally starting with `Cookie:`. It says nothing about domains,
 * so every cookie in it counts as Google's.
 */

import { importError } from './cookie-import-error.ts'
import type { ImportedCookie } from './imported-cookie.ts'

export function looksLikeCookieHeader(text: string): boolean {
  return /^\s*(cookie:\s*)?[^\s=;]+=[^;]*(;\s*[^\s=;]+=[^;]*)*;?\s*$/i.test(text)
}

export function parseCookieHeader(text: string, source: string): ImportedCookie[] {
  const body = text.trim().replace(/^cookie:\s*/i, '')
  return body
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair, index) => {
      const separator = pair.indexOf('=')
      if (separator <= 0) throw importError(source, `pair ${index + 1}`, `"${pair.slice(0, 40)}" is not name=value`)
      return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), place: `pair ${index + 1}` }
    })
}
