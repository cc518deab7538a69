/**
 * The account pool: which account takes the next request for a model. Ready accounts share the
 * load (least recently used by default; `round-robin` or `first-ready` by config), a request bound
 * to a conversation goes to the account that owns it, an account whose session is unknown or due
 * for a recheck is checked on the way, and when none can serve the error says when one will
 * (Retry-After is the time until the earliest account could serve that model).
 */

import { ProxyError } from '../../core/errors.ts'
import type { Account } from './accounts.ts'
import { mapThrown } from './map-error.ts'

export type SelectionStrategy = 'least-recently-used' | 'round-robin' | 'first-ready'

/** A signed-out account is checked again at most this often when a request needs one. */
const signedOutRecheckMilliseconds = 30_000

type NextOptions = {
  preferred?: string
  checkSession(account: Account): Promise<void>
  /** Told of a check that found the account unusable (its credential error). */
  onCheckFailed(error: ProxyError): void
}

export type AccountPool = {
  readonly accounts: Account[]
  /**
   * The next account to try for this model, skipping those already tried; accounts that need a
   * session check are checked first (`checkSession`). Null when no account can serve now.
   */
  next(role: string | null, tried: ReadonlySet<string>, options: NextOptions): Promise<Account | null>
  /** The error for "no account could serve", with Retry-After when one will be able to. */
  exhausted(role: string | null, lastError: ProxyError | null): ProxyError
}

export function createAccountPool(accounts: Account[], strategy: SelectionStrategy, now: () => number): AccountPool {
  let turn = 0
  const order = (ready: Account[]): Account[] => {
    if (strategy === 'first-ready') return ready
    if (strategy === 'round-robin') {
      const start = turn++ % Math.max(1, ready.length)
      return [...ready.slice(start), ...ready.slice(0, start)]
    }
    return [...ready].sort((a, b) => a.lastUsedAt - b.lastUsedAt)
  }
  const needsCheck = (account: Account, time: number) =>
    !account.isCoolingDown(time) && (account.signedIn === null || (account.signedIn === false && time - account.sessionCheckedAt >= signedOutRecheckMilliseconds))

  return {
    accounts,
    async next(role, tried, options) {
      const time = now()
      const untried = accounts.filter((account) => !tried.has(account.id))
      const preferred = options.preferred ? untried.find((account) => account.id === options.preferred && account.canServe(role, time)) : undefined
      const chosen = preferred ?? order(untried.filter((account) => account.canServe(role, time)))[0]
      if (chosen) {
        chosen.lastUsedAt = time
        return chosen
      }
      for (const account of untried.filter((candidate) => needsCheck(candidate, time))) {
        try {
          await options.checkSession(account)
        } catch (thrown) {
          const error = mapThrown(thrown)
          // A dead account is recorded on it and the next one may do; a caller that left or an
          // upstream that is down is no account's fault and ends the search.
          if (error.scope !== 'credential') throw error
          options.onCheckFailed(error)
        }
        if (account.canServe(role, now())) {
          account.lastUsedAt = now()
          return account
        }
      }
      return null
    },
    exhausted(role, lastError) {
      const time = now()
      if (accounts.length === 0) {
        return new ProxyError('upstream_unauthenticated', 'No Gemini account is configured: add one with POST /api/admin/accounts, `gemini-reverse accounts add`, or GEMINI_1PSID', { retryAfterSeconds: 60 })
      }
      const times = accounts.map((account) => account.availableAt(role, time)).filter((at): at is number => at !== null)
      const earliest = times.length > 0 ? Math.min(...times) : null
      if (earliest !== null && earliest > time) {
        const seconds = Math.max(1, Math.ceil((earliest - time) / 1000))
        return new ProxyError('upstream_rate_limited', `Every Gemini account that can serve this model is resting after an upstream limit; the first is free again in ${seconds} s`, { retryAfterSeconds: seconds })
      }
      const retryAfterSeconds = signedOutRecheckMilliseconds / 1000
      if (lastError) return new ProxyError(lastError.kind, lastError.message, { scope: lastError.scope, retryAfterSeconds, ...(lastError.details ? { details: lastError.details } : {}) })
      return new ProxyError('upstream_unauthenticated', 'No Gemini account has a signed-in session: replace the cookies (docs/accounts.md)', { retryAfterSeconds })
    },
  }
}
