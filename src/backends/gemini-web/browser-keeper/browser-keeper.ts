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
        detail = 'the browser holds no Google session: sign in with `gemini-reverse accounts login` (docs/accounts.md)'
        return false
      }
      if (!account.store.replaceWithCookies(cookies)) return false
      lastCookieChangeAt = lastSyncAt
      // The page tokens belong to the old cookies: the next request fetches the page again.
      account.tokensFetchedAt = 0
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
    await page.reload({ waitUntil: 'load', timeout: settings.startTimeoutSeconds * 1000 })
    await sync()
  }

  const launch = async (): Promise<void> => {
    const browser = await launchBrowser({ executablePath: findBrowser(settings.executablePath), profileDirectory, headless: settings.headless, extraArgs: settings.extraArgs, timeoutMs: settings.startTimeoutSeconds * 1000 })
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
    every(settings.reloadIntervalSeconds, reload)
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

  const onBrowserGone = (reason: string) => {
    clearTimers()
    launched = null
    page = null
    fetcher = null
    restarts += 1
    failuresInARow += 1
    logger.warn('browser keeper lost its browser', { account: account.id, reason })
    scheduleStart(reason)
  }

  const attemptStart = async (): Promise<void> => {
    if (stopping) return
    try {
      await launch()
      failuresInARow = 0
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
      clearTimers()
      const browser = launched
      launched = null
      page = null
      fetcher = null
      await browser?.close()
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
