/**
 * Notices when accounts change state, so the operator hears about a dying account before users
 * do: one event when an account leaves `ready` (and one when it comes back), one when the pool
 * has no ready account left (and one when it has again). Accounts still being checked at startup
 * raise nothing. The backend calls `check()` after every answer, refresh and rotation, and on a
 * timer so the end of a cool-down is noticed too.
 */

import type { AccountEvent } from '../../accounts/account-event.ts'
import type { AccountState } from '../types.ts'
import { readAccountState } from './account-status.ts'
import type { Account } from './accounts.ts'


export type AccountWatcher = { check(): void; forget(accountId: string): void }

export function createAccountWatcher(accounts: () => readonly Account[], now: () => number, onEvent: (event: AccountEvent) => void): AccountWatcher {
  const last = new Map<string, AccountState>()
  /** Accounts that left `ready`: only their return is news. */
  const fallen = new Set<string>()
  let poolReady: boolean | null = null
  return {
    check() {
      const time = now()
      const at = new Date(time).toISOString()
      let ready = 0
      let known = 0
      for (const account of accounts()) {
        const { state, detail } = readAccountState(account, time)
        const previous = last.get(account.id)
        last.set(account.id, state)
        if (state === 'ready') ready += 1
        if (state !== 'checking') known += 1
        if (previous === undefined || previous === state) continue
        const status = account.status(time)
        if (previous === 'ready' && state !== 'ready') {
          fallen.add(account.id)
          onEvent({ type: 'account-state', account: account.id, from: previous, to: state, detail, fix: status.fix, at })
        } else if (state === 'ready' && fallen.delete(account.id)) {
          onEvent({ type: 'account-state', account: account.id, from: previous, to: state, detail: null, fix: null, at })
        } else if (fallen.has(account.id) && state !== 'checking') {
          onEvent({ type: 'account-state', account: account.id, from: previous, to: state, detail, fix: status.fix, at })
        }
      }
      // Nothing to say about the pool until at least one account's state is known.
      if (known === 0) return
      const nowReady = ready > 0
      // A pool that starts with no ready account is news too; one that starts ready is not.
      if ((poolReady === null && !nowReady) || (poolReady !== null && nowReady !== poolReady)) onEvent({ type: 'pool', ready: nowReady, readyAccounts: ready, accounts: accounts().length, at })
      poolReady = nowReady
    },
    forget(accountId) {
      last.delete(accountId)
      fallen.delete(accountId)
    },
  }
}
