/**
 * Reads the app page's `window.WIZ_global_data` values (SNlM0e, cfb2h, FdrFJe, TuX5cc, qKIAYe,
 * S06Grb, oPEP7c) by key, tolerating JSON-escaped copies of the page, and decides whether the page
 * is signed in. An expired cookie often yields a 200 page that is simply signed out, so the page
 * itself is the only reliable signal: a user id (S06Grb) or, when that key is missing, an XSRF
 * token or e-mail.
 */

import type { ProtocolData } from './protocol-data.ts'

export type ScrapedPage = {
  signedIn: boolean
  xsrf?: string
  buildLabel?: string
  sessionId?: string
  language?: string
  pushId?: string
  /** The model flag (`m3eQte`) listing the ids this account is offered. */
  modelFlag?: string
}

function escapeForRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The string value of `"key": "…"`; null for `"key": null`; undefined when the key is absent. */
function readPageValue(html: string, key: string): string | null | undefined {
  const name = escapeForRegex(key)
  const plain = new RegExp(`"${name}"\\s*:\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(null))`).exec(html)
  if (plain) return plain[2] ? null : decodeJsonString(plain[1] ?? '')
  const escaped = new RegExp(`\\\\"${name}\\\\"\\s*:\\s*(?:\\\\"(.*?)\\\\"|(null))`).exec(html)
  if (escaped) return escaped[2] ? null : (escaped[1] ?? '')
  return undefined
}

function decodeJsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string
  } catch {
    return raw
  }
}

export function scrapePage(html: string, protocol: ProtocolData): ScrapedPage {
  const keys = protocol.tokenKeys
  const read = (key: string) => {
    const value = readPageValue(html, key)
    return value === null || value === undefined || value === '' ? undefined : value
  }
  const userId = readPageValue(html, keys.userId)
  const xsrf = read(keys.xsrf)
  const email = read(keys.email)
  const signedIn = typeof userId === 'string' ? userId !== '' : Boolean(xsrf ?? email)
  const page: ScrapedPage = { signedIn }
  const buildLabel = read(keys.buildLabel)
  const sessionId = read(keys.sessionId)
  const language = read(keys.language)
  const pushId = read(keys.pushId)
  if (xsrf) page.xsrf = xsrf
  if (buildLabel && buildLabel !== 'REDACTED') page.buildLabel = buildLabel
  if (sessionId && /^-?\d+$/.test(sessionId)) page.sessionId = sessionId
  if (language) page.language = language
  if (pushId && pushId.startsWith('feeds/')) page.pushId = pushId
  const modelFlag = read(protocol.models.pageFlagKey)
  if (modelFlag) page.modelFlag = modelFlag
  return page
}
