/**
 * One account's state as the edge shows it: the backend's state word, detail and fix
 * (src/backends/gemini-web/account-status.ts) plus a tone (good, warn, bad) and the other fields
 * as label and text. The startup summary, the status page and the metrics' state label all read
 * it from here, so they never disagree.
 */

import type { AccountState, AccountStatus } from '../backends/types.ts'

export type Tone = 'good' | 'warn' | 'bad'

export type AccountView = {
  id: string
  tone: Tone
  state: AccountState
  detail: string | null
  fix: string | null
  /** Every other field the backend reports, as label and text (times, rotation, cookie names, discovered models…). */
  fields: Array<{ label: string; value: string }>
}

export const noAccountFix = 'add one: `gemini-reverse accounts add --file cookies.txt`, POST /api/admin/accounts, GEMINI_1PSID and GEMINI_1PSIDTS, or accounts[] in the config file (docs/accounts.md)'

const tones: Record<AccountState, Tone> = { ready: 'good', cooling: 'warn', checking: 'warn', 'signed-out': 'bad', 'device-bound': 'bad' }

/** Fields shown by the state itself, not repeated in the field list. */
const summarisedFields = new Set(['id', 'ready', 'signedIn', 'state', 'detail', 'fix', 'lastError', 'coolingDownUntil'])

function labelOf(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
}

function textOf(field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (field === 'keeper' && typeof value === 'object') {
    const keeper = value as NonNullable<AccountStatus['keeper']>
    const memory = keeper.memoryBytes === null ? '' : `, ${Math.round(keeper.memoryBytes / 1048576)} MB`
    return `${keeper.state}${keeper.pid === null ? '' : ` (pid ${keeper.pid}${memory}, ${keeper.restarts} restarts, ${keeper.transport} transport)`}${keeper.lastCookieChangeAt ? `, cookies renewed ${keeper.lastCookieChangeAt}` : ''}${keeper.detail ? `: ${keeper.detail}` : ''}`
  }
  if (field === 'models' && typeof value === 'object') {
    const models = value as NonNullable<AccountStatus['models']>
    const roles = Object.entries(models.roles).map(([role, id]) => `${role} ${id}`)
    return `${models.tier} (${models.source}${roles.length > 0 ? `: ${roles.join(', ')}` : ''})${models.error ? `, ${models.error}` : ''}`
  }
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ')
  if (typeof value === 'object') {
    const entries = Object.entries(value)
    return entries.length === 0 ? null : entries.map(([key, item]) => `${key} until ${String(item)}`).join(', ')
  }
  return String(value)
}

export function describeAccount(account: AccountStatus): AccountView {
  const fields = Object.entries(account)
    .filter(([field]) => !summarisedFields.has(field))
    .flatMap(([field, value]) => {
      const text = textOf(field, value)
      return text === null ? [] : [{ label: labelOf(field), value: text }]
    })
  const detail = account.detail ?? account.lastError?.message ?? (account.state === 'checking' ? 'the session has not been confirmed with Google yet (unreachable, or the cookies are wrong)' : null)
  return { id: account.id, tone: tones[account.state], state: account.state, detail, fix: account.fix, fields }
}
