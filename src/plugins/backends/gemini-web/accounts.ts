/**
 * Per-account state: the cookie jar, the page tokens, whether the upstream confirmed a signed-in
 * session, the last rotation and its error, the last credential error and a cool-down (after
 * 429 / 1037 / 1060 / bot checks). `status()` reports names and times only, never a value.
 */

import { join } from 'node:path'
import type { ProxyError } from '../../../core/errors.ts'
import type { AccountConfig } from '../../../config/schema.ts'
import type { AccountStatus } from '../../types.ts'
import type { SessionTokens } from './build-request.ts'
import { CookieStore } from './cookie-store.ts'

export class Account {
  readonly id: string
  readonly accountIndex: number | undefined
  readonly store: CookieStore
  signedIn: boolean | null = null
  tokens: SessionTokens | null = null
  tokensFetchedAt = 0
  sessionCheckedAt = 0
  preflightDone = false
  lastRotationAt: number | null = null
  lastRotationError: string | null = null
  lastError: { kind: string; message: string; at: number } | null = null
  coolingDownUntil: number | null = null
  rotating: Promise<'rotated' | 'skipped' | 'failed'> | null = null
  refreshing: Promise<void> | null = null

  constructor(readonly config: AccountConfig, dataDirectory: string) {
    this.id = config.id
    this.accountIndex = config.accountIndex
    this.store = new CookieStore(join(dataDirectory, 'accounts', `${config.id}.cookies.json`))
  }

  /** Cookies named by the config (psid, psidts, cookies). */
  configuredCookies(): Record<string, string> {
    const cookies: Record<string, string> = { ...this.config.cookies }
    if (this.config.psid) cookies['__Secure-1PSID'] = this.config.psid
    if (this.config.psidts) cookies['__Secure-1PSIDTS'] = this.config.psidts
    return cookies
  }

  isCoolingDown(now: number): boolean {
    return this.coolingDownUntil !== null && this.coolingDownUntil > now
  }

  isReady(now: number): boolean {
    return this.signedIn === true && !this.isCoolingDown(now)
  }

  recordError(error: ProxyError, now: number): void {
    if (error.scope !== 'credential') return
    this.lastError = { kind: error.kind, message: error.message, at: now }
    if (error.kind === 'upstream_rate_limited') this.coolingDownUntil = now + (error.retryAfterSeconds ?? 60) * 1000
    if (error.kind === 'upstream_unauthenticated') this.signedIn = false
  }

  status(now: number): AccountStatus {
    const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString())
    return {
      id: this.id,
      signedIn: this.signedIn === true,
      ready: this.isReady(now),
      cookieNames: this.store.names(),
      lastRotationAt: iso(this.lastRotationAt),
      lastRotationError: this.lastRotationError,
      lastError: this.lastError ? { kind: this.lastError.kind, message: this.lastError.message, at: new Date(this.lastError.at).toISOString() } : null,
      coolingDownUntil: this.isCoolingDown(now) ? iso(this.coolingDownUntil) : null,
    }
  }

  persist(): Promise<void> {
    return this.store.save(this.persistedState())
  }

  /** For the cookie churn of ordinary answers: written within a second, coalesced. */
  persistSoon(onError: (error: unknown) => void): void {
    this.store.saveSoon(this.persistedState(), onError)
  }

  private persistedState() {
    return { lastRotationAt: this.lastRotationAt, lastRotationError: this.lastRotationError }
  }

  /** Loads the persisted jar unless the config names a different __Secure-1PSID (new cookies win). */
  async load(): Promise<void> {
    const state = await this.store.load()
    const configured = this.configuredCookies()
    const configuredPsid = configured['__Secure-1PSID']
    if (state && (!configuredPsid || this.store.value('__Secure-1PSID') === configuredPsid)) {
      this.lastRotationAt = state.lastRotationAt
      this.lastRotationError = state.lastRotationError
      return
    }
    this.store.replaceWith(configured)
  }
}
