/**
 * Per-account state: the cookie jar, the page tokens, whether the upstream confirmed a signed-in
 * session, the last rotation and its error, the last credential error and a cool-down (after
 * 429 / 1037 / 1060 / bot checks). `status()` reports names and times only, never a value.
 */

import { join } from 'node:path'
import type { ProxyError } from '../../core/errors.ts'
import type { AccountConfig } from '../../config/schema.ts'
import type { AccountStatus } from '../types.ts'
import type { SessionTokens } from './build-request.ts'
import { readCookieFile } from '../../accounts/cookie-import/read-cookie-import.ts'
import { CookieStore, type PersistedAccountState } from './cookie-store.ts'
import type { DiscoveredModels } from './discover-models.ts'
import type { RotationBody } from './protocol-data.ts'

function digestCookie(value: string): string {
  return new Bun.CryptoHasher('sha256').update(value).digest('hex')
}


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
  /** The RotateCookies body that last worked for this account (tried first next time). */
  rotationBody: RotationBody | null = null
  /** Per-client session UUID sent in the model header; kept across restarts like a browser profile's. */
  clientUuid: string = crypto.randomUUID().toUpperCase()
  /** What discovery found: the ids this account is offered, its tier, when and from where. */
  discovered: DiscoveredModels | null = null
  discovering: Promise<DiscoveredModels> | null = null
  /** The app page's model flag (`m3eQte`), read with the page tokens. */
  pageModelFlag: string | undefined
  refreshing: Promise<void> | null = null
  /** Which configured cookies the jar was seeded from, so a restart can tell config changes apart. */
  private configuredPsidDigest: string | null = null

  constructor(readonly config: AccountConfig, dataDirectory: string) {
    this.id = config.id
    this.accountIndex = config.accountIndex
    this.store = new CookieStore(join(dataDirectory, 'accounts', `${config.id}.cookies.json`))
  }

  /** Cookies named by the config: a browser export file, then `cookies`, then psid/psidts. */
  async configuredCookies(): Promise<Record<string, string>> {
    const cookies: Record<string, string> = {}
    if (this.config.cookieFile) Object.assign(cookies, (await readCookieFile(this.config.cookieFile)).cookies)
    Object.assign(cookies, this.config.cookies)
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
      models: this.discovered
        ? {
            tier: this.discovered.tierLabel,
            source: this.discovered.source,
            discoveredAt: new Date(this.discovered.at).toISOString(),
            roles: { ...this.discovered.roles },
            ...(this.discovered.error ? { error: this.discovered.error } : {}),
          }
        : null,
    }
  }

  persist(): Promise<void> {
    return this.store.save(this.persistedState())
  }

  /** For the cookie churn of ordinary answers: written within a second, coalesced. */
  persistSoon(onError: (error: unknown) => void): void {
    this.store.saveSoon(this.persistedState(), onError)
  }

  private persistedState(): PersistedAccountState {
    return {
      lastRotationAt: this.lastRotationAt,
      lastRotationError: this.lastRotationError,
      configuredPsidDigest: this.configuredPsidDigest,
      rotationBody: this.rotationBody,
      clientUuid: this.clientUuid,
      discovered: this.discovered,
    }
  }

  /**
   * Loads the persisted jar. The config's cookies replace it only when the config itself changed
   * since the jar was seeded (new cookies win), not merely because the jar holds different ones:
   * rotation and the operator route change the jar, and those changes must survive a restart.
   */
  async load(): Promise<void> {
    const state = await this.store.load()
    const configured = await this.configuredCookies()
    const configuredPsid = configured['__Secure-1PSID']
    const digest = configuredPsid ? digestCookie(configuredPsid) : null
    const jarMatchesConfig = !configuredPsid || this.store.value('__Secure-1PSID') === configuredPsid
    if (state?.clientUuid) this.clientUuid = state.clientUuid
    if (state?.discovered) this.discovered = state.discovered
    if (state && (jarMatchesConfig || state.configuredPsidDigest === digest)) {
      this.rotationBody = state.rotationBody ?? null
      this.lastRotationAt = state.lastRotationAt
      this.lastRotationError = state.lastRotationError
      this.configuredPsidDigest = digest
      return
    }
    this.store.replaceWith(configured)
    this.configuredPsidDigest = digest
  }
}
