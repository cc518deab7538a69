/**
 * One account's state in words an operator can act on: a state word, a tone (good, warn, bad),
 * a detail and the fix. The startup summary, the status page and the metrics' state label all
 * read it from here, so they never disagree. It reads `backend.status()` generically: a backend
 * that reports its own `state` word (and `stateDetail`) is shown as it says; otherwise the state
 * is derived from the common fields.
 */

import type { AccountStatus } from '../backends/types.ts'

export type Tone = 'good' | 'warn' | 'bad'

export type AccountView = {
  id: string
  tone: Tone
  state: string
  detail: string | null
  fix: string | null
  /** Every other field the backend reports, as label and text (times, rotation, cookie names, discovered models…). */
  fields: Array<{ label: string; value: string }>
}

export const cookieFix = 'export fresh cookies from a signed-in browser and send them to POST /api/admin/cookies, or restart with new GEMINI_1PSID / GEMINI_1PSIDTS (README, "Cookies")'
export const deviceBoundFix = 'Chrome bound this session to its device (it dies within hours): export the cookies from Firefox instead'
export const noAccountFix = 'set GEMINI_1PSID and GEMINI_1PSIDTS, or accounts[] in the config file (README, "Cookies")'

/** Fields shown by the state itself, not repeated in the field list. */
const summarisedFields = new Set(['id', 'ready', 'signedIn', 'state', 'stateDetail', 'lastError', 'coolingDownUntil'])

function labelOf(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
}

function textOf(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function fixForWord(word: string): string | null {
  if (/device/i.test(word)) return deviceBoundFix
  if (/signed.?out|expired|invalid|unauth/i.test(word)) return cookieFix
  if (/cool/i.test(word)) return 'it serves again by itself; more accounts share the load'
  return null
}

function toneForWord(word: string): Tone {
  if (/^(ready|signed in|ok)$/i.test(word)) return 'good'
  if (/cool|wait|checking|unknown/i.test(word)) return 'warn'
  return 'bad'
}

export function describeAccount(account: AccountStatus): AccountView {
  const reported = account as AccountStatus & { state?: unknown; stateDetail?: unknown }
  const fields = Object.entries(account)
    .filter(([field]) => !summarisedFields.has(field))
    .flatMap(([field, value]) => {
      const text = textOf(value)
      return text === null ? [] : [{ label: labelOf(field), value: text }]
    })
  const base = { id: account.id, fields }
  if (typeof reported.state === 'string' && reported.state !== '') {
    return { ...base, state: reported.state, tone: account.ready ? 'good' : toneForWord(reported.state), detail: textOf(reported.stateDetail) ?? account.lastError?.message ?? null, fix: account.ready ? null : fixForWord(reported.state) }
  }
  if (account.ready) return { ...base, state: 'signed in', tone: 'good', detail: 'ready', fix: null }
  if (account.coolingDownUntil) {
    return { ...base, state: 'cooling down', tone: 'warn', detail: `until ${account.coolingDownUntil}${account.lastError ? ` (${account.lastError.message})` : ''}`, fix: fixForWord('cool') }
  }
  if (account.signedIn) return { ...base, state: 'signed in, not ready', tone: 'warn', detail: account.lastError?.message ?? null, fix: null }
  if (account.lastError?.kind === 'upstream_unauthenticated') return { ...base, state: 'expired or signed out', tone: 'bad', detail: account.lastError.message, fix: cookieFix }
  return {
    ...base,
    state: 'not signed in',
    tone: 'bad',
    detail: account.lastError?.message ?? 'the session has not been confirmed with Google yet (unreachable, or the cookies are wrong)',
    fix: `if it stays so, ${cookieFix}`,
  }
}
