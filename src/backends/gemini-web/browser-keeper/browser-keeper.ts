/**
 * The browser keeper of one account: a real Chromium on a persistent profile keeps the Google
 * session alive where the gateway cannot (device-bound cookies: only the browser holding the
 * device key can renew __Secure-1PSIDTS). It keeps the app page open, reloads it on a schedule,
 * lets the page's own code renew the cookies, and copies the browser's Google cookies into the
 * account's jar whenever they change (persisted at once). While it runs, the gateway never rotates
 * this account's cookies itself (src/backends/gemini-web/rotate-cookies.ts asks the keeper).
 * A browser that dies is restarted with a growing delay; the account keeps serving with the last
 * cookies meanwhile, and the status and the alerts say so. docs/accounts.md tells the operator's side.
 */

import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { Config } from '../../../config/schema.ts'
import type { Logger } from '../../../lib/logger.ts'
import type { KeeperState, KeeperStatus } from '../../types.ts'
import type { Account } from '../accounts.ts'
import { fingerprintCookies } from '../cookie-store.ts'
import type { ProtocolData } from '../protocol-data.ts'
import { hasBrowserSession, readBrowserCookies, seedBrowserProfile } from './browser-cookies.ts'
import { findBrowser } from './find-browser.ts'
import { launchBrowser, type LaunchedBrowser } from './launch-browser.ts'
import { createPageFetcher, type PageFetcher } from './page-fetch.ts'
import { readProcessTreeUsage } from './process-usage.ts'

type KeeperEvent = { account: string; state: KeeperState; detail: string | null }

export type BrowserKeeper = {
  readonly transport: 'gateway' | 'page'
  start(): Promise<void>
  stop(): Promise<void>
  /** Reloads the page and syncs now: 'rotated' when the cookies changed. */
  refreshNow(): Promise<'rotated' | 'skipped' | 'failed'>
  /** Sends a request from inside the page (page transport), or null when no page is ready. */
  pageFetcher(): PageFetcher | null
  /** The operator gave the account new cookies: the browser takes them instead of its own. */
  adoptJarCookies(): Promise<void>
  status(): KeeperStatus
}

export type KeeperOptions = {
  account: Account
  settings: Config['browser']
  dataDir: string
  protocol: ProtocolData
  transport: 'gateway' | 'page'
  logger: Logger
  /** Told when the keeper's state changes (alerts). */
  onEvent(event: KeeperEvent): void
  /** Told after the jar took new cookies from the browser. */
  onCookiesChanged(): void
}

/** The longest wait between restarts. */
const maximumRestartDelaySeconds = 300
/** A browser that stayed up this long counts as a good start again (a crash loop does not). */
const stableRunMilliseconds = 5 * 60_000
/** How long a reload waits for answers still streaming through the page (page transport). */
const maximumReloadWaitMilliseconds = 30_000
/** Reloads that fail in a row (a hung or crashed page) before the whole browser is restarted. */
const maximumFailedReloads = 3
/** The session cookies: when they change, the page tokens the gateway holds are stale. */
const sessionCookieNames = new Set(['__Secure-1PSID', '__Secure-1PSIDTS', '__Secure-3PSID', '__Secure-3PSIDTS'])
/** What the status says while the profile holds no Google session. */
const noSessionDetail = 'the browser holds no Google session: sign in with `gemini-reverse accounts login` (docs/accounts.md)'
/** A burst of responses setting cookies is synced once, this long after the last. */
const syncDebounceMilliseconds = 300

function appUrl(protocol: ProtocolData, accountIndex: number | undefined): string {
  const path = accountIndex ? protocol.paths.accountApp.replace('{index}', String(accountIndex)) : protocol.paths.app
  return `${protocol.origins.gemini}${path}`
}

export function createBrowserKeeper(options: KeeperOptions): BrowserKeeper {
  const { account, settings, logger } = options
  const profileDirectory = join(options.dataDir, 'browser', account.id)
  let launched: LaunchedBrowser | null = null
  let page: Page | null = null
  let fetcher: PageFetcher | null = null
  let state: KeeperState = 'stopped'
  let detail: string | null = null
  let restarts = 0
  let failuresInARow = 0
  let runningSince: number | null = null
  let failedReloads = 0
  /** What the browser held at the last sync: the jar changes on every answer, the browser does not. */
  let syncedFromBrowser: string | null = null
  let syncedSession: string | null = null
  let lastSyncAt: number | null = null
  let lastCookieChangeAt: number | null = null
  let stopping = false
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let syncTimer: ReturnType<typeof setTimeout> | null = null
  let syncing: Promise<boolean> | null = null

  /** Alerts tell the operator about trouble and its end, not about every ordinary start. */
  const setState = (next: KeeperState, nextDetail: string | null) => {
    const previous = state
    state = next
    detail = nextDetail
    const trouble = next === 'restarting' || next === 'failed'
    const recovered = next === 'running' && (previous === 'restarting' || previous === 'failed')
    if (next !== previous && (trouble || recovered)) options.onEvent({ account: account.id, state: next, detail: nextDetail })
  }

  /**
   * The browser goes out through the account's egress proxy too: Google limits per IP, and a
   * session renewed from another address than the one it serves from looks like two users.
   * Chromium's flag takes no credentials; such a proxy is not given to it (the log says so at each start).
   */
  const proxyArguments = (): string[] => {
    const proxy = account.config.proxy
    if (!proxy) return []
    const url = new URL(proxy)
    if (url.username || url.password) {
      logger.warn('the browser keeper cannot use a proxy that needs a password; its browser goes out directly', { account: account.id })
      return []
    }
    return [`--proxy-server=${url.protocol.replace('socks5h:', 'socks5:')}//${url.host}`]
  }

  const clearTimers = () => {
    for (const timer of timers) clearInterval(timer)
    timers.clear()
    if (syncTimer) clearTimeout(syncTimer)
    syncTimer = null
  }

  /** Copies the browser's Google cookies into the jar when they differ; true when they did. */
  const sync = (): Promise<boolean> =>
    (syncing ??= (async () => {
      const context = launched?.context
      if (!context) return false
      const cookies = await readBrowserCookies(context)
      lastSyncAt = Date.now()
      if (!cookies.some((cookie) => cookie.name === '__Secure-1PSID')) {
        setState(state, noSessionDetail)
        return false
      }
      if (detail === noSessionDetail) setState(state, null)
      // Only a change in the browser is copied: comparing with the jar would undo the cookies
      // the gateway's own answers set (SIDCC on every answer) and refetch the page each time.
      const fingerprint = fingerprintCookies(cookies)
      if (fingerprint === syncedFromBrowser) return false
      syncedFromBrowser = fingerprint
      if (!account.store.replaceWithCookies(cookies)) return false
      lastCookieChangeAt = lastSyncAt
      // The page tokens belong to the old session cookies: the next request fetches the page again.
      const session = fingerprintCookies(cookies, sessionCookieNames)
      if (session !== syncedSession) account.tokensFetchedAt = 0
      syncedSession = session
      // New cookies are a new chance: an account seen signed out is checked again, not skipped.
      if (account.signedIn === false) account.signedIn = null
      await account.persist()
      logger.info('browser keeper copied new cookies into the jar', { account: account.id, cookies: cookies.map((cookie) => cookie.name) })
      options.onCookiesChanged()
      return true
    })().finally(() => {
      syncing = null
    }))

  const syncSoon = () => {
    if (syncTimer) clearTimeout(syncTimer)
    syncTimer = setTimeout(() => {
      syncTimer = null
      sync().catch((error: unknown) => logger.warn('browser keeper could not read the cookies', { account: account.id, error }))
    }, syncDebounceMilliseconds)
    syncTimer.unref?.()
  }

  const every = (seconds: number, task: () => Promise<unknown>) => {
    const timer = setInterval(() => {
      task().catch((error: unknown) => logger.warn('browser keeper task failed', { account: account.id, error }))
    }, seconds * 1000)
    timer.unref?.()
    timers.add(timer)
  }

  const openPage = async (browser: LaunchedBrowser): Promise<Page> => {
    const opened = browser.context.pages()[0] ?? (await browser.context.newPage())
    // Google renews cookies in answers the page's own code fetches: sync soon after any of them.
    opened.on('response', (response) => {
      if (/(^|\.)google\.com$/.test(new URL(response.url()).hostname)) syncSoon()
    })
    // A crashed renderer (out of memory on a small VPS) leaves the page open but dead: every reload
    // and every page-transport request would fail while the state still said running.
    opened.on('crash', () => restartBrowser('the page crashed'))
    await opened.goto(appUrl(options.protocol, account.accountIndex), { waitUntil: 'load', timeout: settings.startTimeoutSeconds * 1000 })
    return opened
  }

  const reload = async (): Promise<void> => {
    if (!launched) return
    // A renderer that crashed closes its page; the browser lives on, so a new page takes over.
    if (!page || page.isClosed()) {
      page = await openPage(launched)
      await sync()
      return
    }
    // A reload ends every request the page is answering: answers streaming through it get a
    // bounded wait to finish first.
    for (let waited = 0; fetcher && fetcher.inFlight() > 0 && waited < maximumReloadWaitMilliseconds; waited += 100) await Bun.sleep(100)
    await page.reload({ waitUntil: 'load', timeout: settings.startTimeoutSeconds * 1000 })
    await sync()
  }

  const launch = async (): Promise<void> => {
    const browser = await launchBrowser({ executablePath: findBrowser(settings.executablePath), profileDirectory, headless: settings.headless, extraArgs: [...settings.extraArgs, ...proxyArguments()], timeoutMs: settings.startTimeoutSeconds * 1000, asKeeper: true })
    launched = browser
    try {
      if (!(await hasBrowserSession(browser.context))) {
        const seeded = await seedBrowserProfile(browser.context, account.store)
        logger.info('browser keeper seeded a new profile from the account cookies', { account: account.id, cookies: seeded })
      }
      fetcher = options.transport === 'page' ? await createPageFetcher(browser.context, () => page) : null
      page = await openPage(browser)
      await sync()
    } catch (error) {
      launched = null
      page = null
      await browser.close()
      throw error
    }
    every(settings.reloadIntervalSeconds, async () => {
      try {
        await reload()
        failedReloads = 0
      } catch (error) {
        failedReloads += 1
        if (failedReloads >= maximumFailedReloads) restartBrowser(`the page failed to reload ${failedReloads} times in a row (${(error as Error).message})`)
        else throw error
      }
    })
    every(settings.syncIntervalSeconds, sync)
    void browser.exited.then((code) => {
      if (launched !== browser || stopping) return
      onBrowserGone(`the browser exited (code ${code ?? 'signal'})`)
    })
  }

  const scheduleStart = (reason: string) => {
    if (failuresInARow > settings.maxRestarts) {
      setState('failed', `${reason}; gave up after ${failuresInARow} failed starts. The account serves with its last cookies; fix the browser and restart the gateway`)
      logger.error('browser keeper gave up', { account: account.id, reason })
      return
    }
    const delaySeconds = Math.min(maximumRestartDelaySeconds, settings.restartDelaySeconds * 2 ** Math.max(0, failuresInARow - 1))
    setState('restarting', `${reason}; starting again in ${delaySeconds} s (the account serves with its last cookies)`)
    const timer = setTimeout(() => {
      timers.delete(timer)
      void attemptStart()
    }, delaySeconds * 1000)
    timer.unref?.()
    timers.add(timer)
  }

  /** Forgets the current browser (timers, page, fetcher) and returns it, for the caller to close or not. */
  const detachBrowser = (): LaunchedBrowser | null => {
    clearTimers()
    const browser = launched
    launched = null
    page = null
    fetcher = null
    return browser
  }

  const onBrowserGone = (reason: string) => {
    detachBrowser()
    restarts += 1
    // Only a browser that ran for a while earns a fresh count: one that dies soon after every
    // start is a crash loop, and maxRestarts must end it.
    if (runningSince !== null && Date.now() - runningSince >= stableRunMilliseconds) failuresInARow = 0
    runningSince = null
    failuresInARow += 1
    logger.warn('browser keeper lost its browser', { account: account.id, reason })
    scheduleStart(reason)
  }

  /** Ends a browser that is alive but useless (crashed page, hung reloads) and starts another. */
  function restartBrowser(reason: string): void {
    const browser = launched
    if (!browser || stopping) return
    logger.warn('browser keeper restarts its browser', { account: account.id, reason })
    onBrowserGone(reason)
    void browser.close().catch(() => undefined)
  }

  const attemptStart = async (): Promise<void> => {
    if (stopping) return
    try {
      await launch()
      // stop() may have come while the browser was starting: it must not outlive the keeper.
      if (stopping) {
        await detachBrowser()?.close()
        return
      }
      runningSince = Date.now()
      failedReloads = 0
      setState('running', null)
    } catch (error) {
      failuresInARow += 1
      logger.warn('browser keeper could not start the browser', { account: account.id, error })
      scheduleStart((error as Error).message)
    }
  }

  return {
    transport: options.transport,
    async start() {
      stopping = false
      setState('starting', null)
      await attemptStart()
    },
    async stop() {
      stopping = true
      await detachBrowser()?.close()
      state = 'stopped'
      detail = null
    },
    async refreshNow() {
      if (!page) return 'failed'
      try {
        const before = lastCookieChangeAt
        await reload()
        return lastCookieChangeAt !== before ? 'rotated' : 'skipped'
      } catch (error) {
        logger.warn('browser keeper could not reload the page', { account: account.id, error })
        return 'failed'
      }
    },
    pageFetcher: () => (page ? fetcher : null),
    async adoptJarCookies() {
      const context = launched?.context
      if (!context) return
      await context.clearCookies()
      await seedBrowserProfile(context, account.store)
      syncedFromBrowser = null
      syncedSession = null
      await reload().catch((error: unknown) => logger.warn('browser keeper could not reload with the new cookies', { account: account.id, error }))
    },
    status() {
      const usage = launched ? readProcessTreeUsage(launched.pid) : null
      return {
        state,
        detail,
        transport: options.transport,
        pid: launched?.pid ?? null,
        restarts,
        lastSyncAt: lastSyncAt === null ? null : new Date(lastSyncAt).toISOString(),
        lastCookieChangeAt: lastCookieChangeAt === null ? null : new Date(lastCookieChangeAt).toISOString(),
        memoryBytes: usage?.memoryBytes ?? null,
        cpuSeconds: usage === null ? null : Math.round(usage.cpuSeconds * 100) / 100,
      }
    },
  }
}
