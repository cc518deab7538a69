/**
 * Per-account state: the cookie jar, the page tokens, whether the upstream confirmed a signed-in
 * session, the last rotation and its outcome, the last credential error, cool-downs with their
 * scope (one model after 1037, the whole account after 429 / 1060 / bot checks), whether the
 * session is bound to another browser, and when it last answered. src/backends/gemini-web/
 * account-status.ts reports it (names and times only, never a value).
 */

import { join } from 'node:path'
import type { ProxyError } from '../../core/errors.ts'
import type { AccountConfig } from '../../config/schema.ts'
import type { AccountStatus } from '../types.ts'
import { describeAccount } from './account-status.ts'
import type { SessionTokens } from './build-request.ts'
import { readCookieFile } from '../../accounts/cookie-import/read-cookie-import.ts'
import { CookieStore, type PersistedAccountState } from './cookie-store.ts'
import type { DiscoveredModels } from './discover-models.ts'
import type { RotationBody } from './protocol-data.ts'
import type { BrowserKeeper } from './browser-keeper/browser-keeper.ts'

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
  /** The whole account rests until then (429, IP block, bot check). */
  coolingDownUntil: number | null = null
  /** One model rests until then on this account (1037: usage limit of that model). */
  readonly modelCooldowns = new Map<string, number>()
  /** RotateCookies answers 401 while the page still signs in: the cookies belong to another browser. */
  deviceBound = false
  /** When this account last produced an answer, and when the pool last picked it. */
  lastGoodAt: number | null = null
  lastUsedAt = 0
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
  /** The browser keeper holding this session, when `browser.enabled` (it renews the cookies, not the gateway). */
  keeper: BrowserKeeper | null = null
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

  /** The key a model cool-down is kept under (its role; the upstream default model when none). */
  static modelKey(role: string | null | undefined): string {
    return role ?? 'default'
  }

  isModelCoolingDown(role: string | null | undefined, now: number): boolean {
    const until = this.modelCooldowns.get(Account.modelKey(role))
    return until !== undefined && until > now
  }

  isReady(now: number): boolean {
    return this.signedIn === true && !this.isCoolingDown(now)
  }

  /** Signed in, the account not resting and this model not resting on it. */
  canServe(role: string | null | undefined, now: number): boolean {
    return this.isReady(now) && !this.isModelCoolingDown(role, now)
  }

  /** When this account could next serve the model (null: not while it is signed out). */
  availableAt(role: string | null | undefined, now: number): number | null {
    if (this.signedIn === false) return null
    return Math.max(now, this.coolingDownUntil ?? 0, this.modelCooldowns.get(Account.modelKey(role)) ?? 0)
  }

  /** A credential-scope failure: a model or account cool-down, or signed out. */
  recordError(error: ProxyError, now: number, role?: string | null): void {
    if (error.scope !== 'credential') return
    this.lastError = { kind: error.kind, message: error.message, at: now }
    if (error.kind === 'upstream_rate_limited') {
      const until = now + (error.retryAfterSeconds ?? 60) * 1000
      if (error.details?.coolDownScope === 'model') this.modelCooldowns.set(Account.modelKey(role), until)
      else this.coolingDownUntil = until
    }
    if (error.kind === 'upstream_unauthenticated') this.signedIn = false
  }

  /** An answer arrived: the account works, so an earlier error no longer describes it. */
  recordSuccess(now: number): void {
    this.lastGoodAt = now
    this.lastError = null
  }

  status(now: number): AccountStatus {
    return describeAccount(this, now)
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
