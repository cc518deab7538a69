/**
 * What an operator sees of one account (`/api/cookies/status`, the status page, alerts): a state
 * word, what it means and how to fix it, when the account last answered, its last rotation and its
 * cool-downs. Names and times only, never a cookie value.
 */

import type { AccountState, AccountStatus } from '../types.ts'
import type { Account } from './accounts.ts'

/** Device-bound sessions die within 30 minutes to 2 hours of their last refresh (docs/accounts.md). */
const deviceBoundLifetimeMilliseconds = 2 * 60 * 60 * 1000

const fixes: Record<AccountState, string | null> = {
  ready: null,
  checking: null,
  cooling: 'Nothing to do: the account serves again when the cool-down ends; add accounts to share the load.',
  'signed-out': 'Export fresh cookies (Firefox exports last longest) and replace them: PUT /api/admin/accounts/{id}/cookies or `gemini-reverse accounts add`.',
  'device-bound':
    'These cookies are bound to the browser that exported them (Chrome device-bound session) and cannot be refreshed here: export them from Firefox, or let the browser keeper hold the session (docs/accounts.md).',
}

function iso(time: number | null | undefined): string | null {
  return time === null || time === undefined ? null : new Date(time).toISOString()
}

export function readAccountState(account: Account, now: number): { state: AccountState; detail: string | null } {
  if (account.signedIn === false) return { state: 'signed-out', detail: account.lastError?.message ?? 'The upstream serves a signed-out page for these cookies' }
  if (account.deviceBound) return { state: 'device-bound', detail: account.lastRotationError ?? 'RotateCookies rejects this session while the page still signs in' }
  if (account.signedIn === null) return { state: 'checking', detail: null }
  if (account.isCoolingDown(now)) return { state: 'cooling', detail: `the whole account rests until ${iso(account.coolingDownUntil)}` }
  const resting = [...account.modelCooldowns].filter(([, until]) => until > now)
  if (resting.length > 0) return { state: 'cooling', detail: resting.map(([model, until]) => `model ${model} rests until ${iso(until)}`).join('; ') }
  return { state: 'ready', detail: null }
}

export function describeAccount(account: Account, now: number): AccountStatus {
  const { state, detail } = readAccountState(account, now)
  const discovered = account.discovered
  // A bound session lives on from the last moment it was seen signed in, for two hours at most.
  const lastRefresh = Math.max(account.lastGoodAt ?? 0, account.sessionCheckedAt) || null
  return {
    id: account.id,
    state,
    detail,
    fix: fixes[state],
    signedIn: account.signedIn === true,
    ready: account.isReady(now),
    cookieNames: account.store.names(),
    lastGoodAt: iso(account.lastGoodAt),
    lastRotationAt: iso(account.lastRotationAt),
    lastRotationError: account.lastRotationError,
    lastError: account.lastError ? { kind: account.lastError.kind, message: account.lastError.message, at: new Date(account.lastError.at).toISOString() } : null,
    coolingDownUntil: account.isCoolingDown(now) ? iso(account.coolingDownUntil) : null,
    modelCooldowns: Object.fromEntries([...account.modelCooldowns].filter(([, until]) => until > now).map(([model, until]) => [model, new Date(until).toISOString()])),
    predictedExpiry: state === 'device-bound' && lastRefresh !== null ? iso(lastRefresh + deviceBoundLifetimeMilliseconds) : null,
    ...(account.keeper ? { keeper: account.keeper.status() } : {}),
    models: discovered
      ? {
          tier: discovered.tierLabel,
          source: discovered.source,
          discoveredAt: new Date(discovered.at).toISOString(),
          roles: { ...discovered.roles },
          ...(discovered.error ? { error: discovered.error } : {}),
        }
      : null,
  }
}
