/**
 * What happened to an account or to the pool, as the backend's watcher reports it
 * (src/backends/gemini-web/account-watcher.ts) and alerts tell it (send-alert.ts).
 */

export type AccountEvent =
  | { type: 'account-state'; account: string; from: string; to: string; detail: string | null; fix: string | null; at: string }
  | { type: 'pool'; ready: boolean; readyAccounts: number; accounts: number; at: string }
  /** The browser keeper of an account started, lost its browser, came back or gave up. */
  | { type: 'keeper'; account: string; state: string; detail: string | null; at: string }
