/**
 * One tough-cookie jar per account. Every `Set-Cookie` of every answer is merged (the SIDCC family
 * changes on most responses, and a client that keeps sending old values is judged expired), and
 * the jar is written under DATA_DIR with mode 0600, so a restart loses nothing. The SIDCC churn of
 * ordinary answers is written once a second at most (coalesced, the jar serialised at write
 * time); rotations, operator changes and shutdown write at once.
 * Every cookie value is registered with the redactor the moment it is seen.
 */

import { readFile } from 'node:fs/promises'
import { CookieJar } from 'tough-cookie'
import { registerSecret, registerTransientSecret } from '../../lib/redact.ts'
import { removeStaleTemporaryFiles, writeFileAtomically } from '../../lib/write-file-atomically.ts'
import type { DiscoveredModels } from './discover-models.ts'
import type { RotationBody } from './protocol-data.ts'

export type PersistedAccountState = {
  lastRotationAt: number | null
  lastRotationError: string | null
  /** The RotateCookies body this account's last successful rotation used (absent in older files). */
  rotationBody?: RotationBody | null
  /** The per-client session UUID the model header carries, stable across restarts (absent in older files). */
  clientUuid?: string
  /** The last model discovery, so a restart knows the account's ids before it asks again. */
  discovered?: DiscoveredModels | null
  /** SHA-256 of the configured __Secure-1PSID the jar was seeded from (absent in older files). */
  configuredPsidDigest?: string | null
}

type PersistedFile = { version: 1; jar: unknown; state: PersistedAccountState }

/** A cookie with where it applies: `.google.com` for a domain cookie, `gemini.google.com` for a host-only one. */
export type JarCookie = { name: string; value: string; domain: string; path: string; secure: boolean; httpOnly: boolean; expiresAt: number | null }

const jarOptions = { looseMode: true, prefixSecurity: 'unsafe-disabled' as const, allowSpecialUseDomain: true }
/** Cookies given by name only (config, operator) are scoped like Google's session cookies. */
const defaultCookieUrl = 'https://gemini.google.com/'

export class CookieStore {
  private jar = new CookieJar(undefined, jarOptions)
  private writing: Promise<void> = Promise.resolve()
  /** A write that is queued but not started; later saves join it instead of queueing another. */
  private queued: Promise<void> | null = null
  private latestState: PersistedAccountState = { lastRotationAt: null, lastRotationError: null }
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(readonly file: string) {}

  /** Replaces the whole jar with cookies given by name (config or the operator route). */
  replaceWith(cookies: Record<string, string>): void {
    this.jar = new CookieJar(undefined, jarOptions)
    for (const [name, value] of Object.entries(cookies)) this.setNamed(name, value)
  }

  setNamed(name: string, value: string): void {
    registerSecret(value)
    this.jar.setCookieSync(`${name}=${value}; Domain=.google.com; Path=/; Secure; HttpOnly`, defaultCookieUrl, { ignoreError: true })
  }

  merge(setCookieHeaders: string[], logicalUrl: string): boolean {
    let changed = false
    for (const header of setCookieHeaders) {
      const value = /^[^=;]+=([^;]*)/.exec(header)?.[1]
      registerTransientSecret(value)
      const cookie = this.jar.setCookieSync(header, logicalUrl, { ignoreError: true })
      if (cookie) changed = true
    }
    return changed
  }

  cookieHeader(logicalUrl: string, allowedNames?: readonly string[]): string {
    const cookies = this.jar.getCookiesSync(logicalUrl)
    const chosen = allowedNames ? cookies.filter((cookie) => allowedNames.includes(cookie.key)) : cookies
    return chosen.map((cookie) => `${cookie.key}=${cookie.value}`).join('; ')
  }

  value(name: string): string | undefined {
    return this.allCookies().find((cookie) => cookie.key === name)?.value
  }

  names(): string[] {
    return [...new Set(this.allCookies().map((cookie) => cookie.key))].sort()
  }

  /** Every cookie with where it applies (for seeding a browser profile). */
  listCookies(): JarCookie[] {
    const serialized = this.jar.serializeSync()
    return (serialized?.cookies ?? []).map((cookie) => ({
      name: String(cookie.key ?? ''),
      value: String(cookie.value ?? ''),
      domain: `${cookie.hostOnly ? '' : '.'}${String(cookie.domain ?? 'google.com')}`,
      path: String(cookie.path ?? '/'),
      secure: cookie.secure === true,
      httpOnly: cookie.httpOnly === true,
      expiresAt: typeof cookie.expires === 'string' && cookie.expires !== 'Infinity' ? Date.parse(cookie.expires) : null,
    }))
  }

  /**
   * Makes the jar hold exactly these cookies (what a browser that keeps the session has now).
   * Returns false, changing nothing, when the jar already holds the same names, values and places.
   */
  replaceWithCookies(cookies: readonly JarCookie[]): boolean {
    const fingerprint = (list: readonly JarCookie[]) => list.map((cookie) => `${cookie.domain}|${cookie.path}|${cookie.name}=${cookie.value}`).sort().join('\n')
    if (fingerprint(cookies) === fingerprint(this.listCookies())) return false
    const jar = new CookieJar(undefined, jarOptions)
    for (const cookie of cookies) {
      registerSecret(cookie.value)
      const hostOnly = !cookie.domain.startsWith('.')
      const attributes = [`Path=${cookie.path}`, ...(hostOnly ? [] : [`Domain=${cookie.domain}`]), ...(cookie.secure ? ['Secure'] : []), ...(cookie.httpOnly ? ['HttpOnly'] : []), ...(cookie.expiresAt ? [`Expires=${new Date(cookie.expiresAt).toUTCString()}`] : [])]
      jar.setCookieSync(`${cookie.name}=${cookie.value}; ${attributes.join('; ')}`, `https://${cookie.domain.replace(/^\./, '')}${cookie.path}`, { ignoreError: true })
    }
    this.jar = jar
    return true
  }

  private allCookies(): Array<{ key: string; value: string }> {
    const serialized = this.jar.serializeSync()
    return (serialized?.cookies ?? []).map((cookie) => ({ key: String(cookie.key ?? ''), value: String(cookie.value ?? '') }))
  }

  /** Loads the persisted jar; null when there is none or it is unreadable. */
  async load(): Promise<PersistedAccountState | null> {
    // Left by a process killed mid-write: they hold cookie values and would never be read again.
    await removeStaleTemporaryFiles(this.file)
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch {
      return null
    }
    try {
      const parsed = JSON.parse(text) as PersistedFile
      const jar = CookieJar.deserializeSync(parsed.jar as string)
      this.jar = jar
      for (const cookie of this.allCookies()) registerSecret(cookie.value)
      return parsed.state ?? { lastRotationAt: null, lastRotationError: null }
    } catch {
      return null
    }
  }

  /** Writes within `delayMilliseconds`, coalescing every change until then into one write. */
  saveSoon(state: PersistedAccountState, onError: (error: unknown) => void, delayMilliseconds = 1000): void {
    this.latestState = state
    if (this.timer || this.queued) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.save(this.latestState).catch(onError)
    }, delayMilliseconds)
    this.timer.unref?.()
  }

  /** Writes atomically (temp file, then rename), one write at a time, mode 0600. */
  save(state: PersistedAccountState): Promise<void> {
    this.latestState = state
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.queued) return this.queued
    const write = async () => {
      this.queued = null
      await writeFileAtomically(this.file, JSON.stringify({ version: 1, jar: this.jar.serializeSync(), state: this.latestState } satisfies PersistedFile))
    }
    const queued = this.writing.then(write, write)
    this.queued = queued
    this.writing = queued
    return queued
  }
}
