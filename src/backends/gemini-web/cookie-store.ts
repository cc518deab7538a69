/**
 * One tough-cookie jar per account. Every `Set-Cookie` of every answer is merged (the SIDCC family
 * changes on most responses, and a client that keeps sending old values is judged expired), and
 * the jar is written under DATA_DIR with mode 0600, so a restart loses nothing. The SIDCC churn of
 * ordinary answers is written once a second at most (coalesced, the jar serialised at write
 * time); rotations, operator changes and shutdown write at once.
 * Every cookie value is registered with the redactor the moment it is seen.
 *
 * The request path asks for a Cookie header and merges Set-Cookie on every request, and
 * tough-cookie's full matching (URL parsing, public-suffix and domain checks) was the largest CPU
 * cost of a request after the body itself. So the header is cached per URL (without its query)
 * until a cookie joins, leaves or expires, and a Set-Cookie that only refreshes a cookie already
 * held (same shape, read-set-cookie.ts) updates the cached value at once and reaches the jar
 * later, coalesced, before anything reads the jar itself.
 */

import { readFile } from 'node:fs/promises'
import { CookieJar } from 'tough-cookie'
import { registerSecret, registerTransientSecret } from '../../lib/redact.ts'
import { removeStaleTemporaryFiles, writeFileAtomically } from '../../lib/write-file-atomically.ts'
import type { DiscoveredModels } from './discover-models.ts'
import type { RotationBody } from './protocol-data.ts'
import { readSetCookie } from './read-set-cookie.ts'

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
/** Distinct URLs whose Cookie header is cached (image downloads each have their own URL). */
const maximumCachedHeaders = 64

/** Which cookies a URL gets, by identity (domain|path|name), and until when that list holds. */
type CachedHeader = { cookies: Array<{ identity: string; name: string }>; validUntil: number }
/** A Set-Cookie shape seen from an origin, the cookie it refreshes, and that cookie's expiry. */
type KnownShape = { identity: string; expiresAt: number }

const identityOf = (cookie: { domain?: string | null; path?: string | null; key: string }) => `${cookie.domain ?? ''}|${cookie.path ?? ''}|${cookie.key}`
const expiryOf = (cookie: { expiryTime(): number | undefined }) => cookie.expiryTime() ?? Number.POSITIVE_INFINITY
/** The part of a URL cookie matching depends on: everything before the query. */
const withoutQuery = (url: string) => {
  const query = url.indexOf('?')
  return query < 0 ? url : url.slice(0, query)
}
/** Scheme and host: a shape means the same cookie only from the same origin. */
const originOf = (url: string) => {
  const end = url.indexOf('/', url.indexOf('://') + 3)
  return end < 0 ? url : url.slice(0, end)
}
/**
 * Names, values and places: two lists with the same fingerprint hold the same cookies. `only`
 * limits it to some names (the browser keeper compares the session cookies on their own).
 */
export function fingerprintCookies(cookies: readonly JarCookie[], only?: ReadonlySet<string>): string {
  return cookies
    .filter((cookie) => !only || only.has(cookie.name))
    .map((cookie) => `${cookie.domain}|${cookie.path}|${cookie.name}=${cookie.value}`)
    .sort()
    .join('\n')
}

/** Cookies given by name only (config, operator) are scoped like Google's session cookies. */
const defaultCookieUrl = 'https://gemini.google.com/'

export class CookieStore {
  private jar = new CookieJar(undefined, jarOptions)
  private writing: Promise<void> = Promise.resolve()
  /** A write that is queued but not started; later saves join it instead of queueing another. */
  private queued: Promise<void> | null = null
  private latestState: PersistedAccountState = { lastRotationAt: null, lastRotationError: null }
  private timer: ReturnType<typeof setTimeout> | null = null
  private headers = new Map<string, CachedHeader>()
  /** The current value of every cookie a cached header names. */
  private values = new Map<string, string>()
  private shapes = new Map<string, KnownShape>()
  /** Value refreshes not yet applied to the jar: the newest Set-Cookie per cookie. */
  private unapplied = new Map<string, { header: string; url: string }>()

  constructor(readonly file: string) {}

  /** Replaces the whole jar with cookies given by name (config or the operator route). */
  replaceWith(cookies: Record<string, string>): void {
    this.resetJar(new CookieJar(undefined, jarOptions))
    for (const [name, value] of Object.entries(cookies)) this.setNamed(name, value)
  }

  setNamed(name: string, value: string): void {
    registerSecret(value)
    this.applyUnapplied()
    this.forgetHeaders()
    this.shapes.clear()
    this.jar.setCookieSync(`${name}=${value}; Domain=.google.com; Path=/; Secure; HttpOnly`, defaultCookieUrl, { ignoreError: true })
  }

  merge(setCookieHeaders: string[], logicalUrl: string): boolean {
    const now = Date.now()
    const origin = originOf(logicalUrl)
    let changed = false
    for (const header of setCookieHeaders) {
      const summary = readSetCookie(header, now)
      registerTransientSecret(summary ? summary.value : /^[^=;]+=([^;]*)/.exec(header)?.[1])
      const shapeKey = summary ? `${origin}\n${summary.shape}` : null
      const known = shapeKey ? this.shapes.get(shapeKey) : undefined
      const expiresAt = summary?.expiresAt ?? Number.POSITIVE_INFINITY
      // A refresh of a live cookie that does not shorten its life: only its value changes.
      if (summary && known && known.expiresAt > now && expiresAt >= known.expiresAt) {
        known.expiresAt = expiresAt
        this.values.set(known.identity, summary.value)
        this.unapplied.set(known.identity, { header, url: logicalUrl })
        changed = true
        continue
      }
      this.applyUnapplied()
      const cookie = this.jar.setCookieSync(header, logicalUrl, { ignoreError: true })
      if (!cookie) continue
      changed = true
      // A cookie may have joined or left: every cached list is rebuilt on its next use.
      this.forgetHeaders()
      const identity = identityOf(cookie)
      const expiry = expiryOf(cookie)
      for (const [key, shape] of this.shapes) if (shape.identity === identity) this.shapes.delete(key)
      if (shapeKey && expiry > now) this.shapes.set(shapeKey, { identity, expiresAt: expiry })
    }
    return changed
  }

  cookieHeader(logicalUrl: string, allowedNames?: readonly string[]): string {
    const now = Date.now()
    const key = allowedNames ? `${withoutQuery(logicalUrl)}\n${allowedNames.join(',')}` : withoutQuery(logicalUrl)
    let cached = this.headers.get(key)
    if (!cached || cached.validUntil <= now) {
      // A cookie expired (or the list is new): rebuild from the jar with every refresh applied.
      if (cached) this.forgetHeaders()
      this.applyUnapplied()
      if (this.headers.size >= maximumCachedHeaders) this.forgetHeaders()
      const cookies = this.jar.getCookiesSync(logicalUrl)
      const chosen = allowedNames ? cookies.filter((cookie) => allowedNames.includes(cookie.key)) : cookies
      let validUntil = Number.POSITIVE_INFINITY
      const listed: CachedHeader['cookies'] = []
      for (const cookie of chosen) {
        const identity = identityOf(cookie)
        this.values.set(identity, cookie.value)
        listed.push({ identity, name: cookie.key })
        validUntil = Math.min(validUntil, expiryOf(cookie))
      }
      cached = { cookies: listed, validUntil }
      this.headers.set(key, cached)
    }
    let header = ''
    for (const cookie of cached.cookies) header += `${header === '' ? '' : '; '}${cookie.name}=${this.values.get(cookie.identity) ?? ''}`
    return header
  }

  private forgetHeaders(): void {
    this.headers.clear()
    this.values.clear()
  }

  /** Writes the coalesced value refreshes into the jar; anything that reads the jar calls this first. */
  private applyUnapplied(): void {
    if (this.unapplied.size === 0) return
    for (const { header, url } of this.unapplied.values()) this.jar.setCookieSync(header, url, { ignoreError: true })
    this.unapplied.clear()
  }

  /** A new jar: nothing cached or unapplied describes it. */
  private resetJar(jar: CookieJar): void {
    this.jar = jar
    this.unapplied.clear()
    this.forgetHeaders()
    this.shapes.clear()
  }

  value(name: string): string | undefined {
    return this.allCookies().find((cookie) => cookie.key === name)?.value
  }

  names(): string[] {
    return [...new Set(this.allCookies().map((cookie) => cookie.key))].sort()
  }

  /** Every cookie with where it applies (for seeding a browser profile). */
  listCookies(): JarCookie[] {
    this.applyUnapplied()
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
    if (fingerprintCookies(cookies) === fingerprintCookies(this.listCookies())) return false
    const jar = new CookieJar(undefined, jarOptions)
    for (const cookie of cookies) {
      registerSecret(cookie.value)
      const hostOnly = !cookie.domain.startsWith('.')
      const attributes = [`Path=${cookie.path}`, ...(hostOnly ? [] : [`Domain=${cookie.domain}`]), ...(cookie.secure ? ['Secure'] : []), ...(cookie.httpOnly ? ['HttpOnly'] : []), ...(cookie.expiresAt ? [`Expires=${new Date(cookie.expiresAt).toUTCString()}`] : [])]
      jar.setCookieSync(`${cookie.name}=${cookie.value}; ${attributes.join('; ')}`, `https://${cookie.domain.replace(/^\./, '')}${cookie.path}`, { ignoreError: true })
    }
    this.resetJar(jar)
    return true
  }

  private allCookies(): Array<{ key: string; value: string }> {
    this.applyUnapplied()
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
      this.resetJar(CookieJar.deserializeSync(parsed.jar as string))
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
      this.applyUnapplied()
      await writeFileAtomically(this.file, JSON.stringify({ version: 1, jar: this.jar.serializeSync(), state: this.latestState } satisfies PersistedFile))
    }
    const queued = this.writing.then(write, write)
    this.queued = queued
    this.writing = queued
    return queued
  }
}
