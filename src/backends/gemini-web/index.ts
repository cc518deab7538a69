/**
 * The Gemini web backend plugin: the client of gemini.google.com behind the BackendPlugin
 * interface. It owns the account pool (cookie jars persisted under DATA_DIR, page tokens,
 * keep-alive timers, health), serves each answer from the pool with failover, and gives the
 * operator routes their hooks: add, replace, check and remove accounts, rotate now, discover models.
 */

import { ProxyError } from '../../core/errors.ts'
import type { AccountConfig, Config } from '../../config/schema.ts'
import type { Logger } from '../../lib/logger.ts'
import type { AccountStatus, BackendPlugin, BackendStatus } from '../types.ts'
import { createAccountPool } from './account-pool.ts'
import { readAccountRegistry, writeAccountRegistry } from './account-registry.ts'
import type { AccountEvent } from '../../accounts/account-event.ts'
import { createAccountWatcher } from './account-watcher.ts'
import { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { createRequestCounter } from './build-request.ts'
import { discoverModels } from './discover-models.ts'
import { createExtractOptions } from './extract-candidate.ts'
import { streamAnswer } from './generate.ts'
import { scheduleKeepAlive } from './keep-alive.ts'
import { createUrlMapper } from './origins.ts'
import { defaultProtocolData, resolveProtocolData, type ProtocolData } from './protocol-data.ts'
import { createBrowserKeeper } from './browser-keeper/browser-keeper.ts'
import { assertProtocolOverride } from './check-protocol-config.ts'
import { rotateOrThrow } from './rotate-cookies.ts'
import { serveWithFailover } from './serve-with-failover.ts'
import { refreshSession } from './session.ts'
import { checkCookiesSignIn } from './sign-in-candidate.ts'
import { createTransport } from './transport.ts'
import { removeAccountFiles } from './remove-account-files.ts'

export type GeminiWebBackend = BackendPlugin & {
  /** Adds an account whose cookies sign in (422 otherwise); kept under DATA_DIR across restarts. */
  addAccount(input: { id?: string; cookies: Record<string, string>; accountIndex?: number; proxy?: string }): Promise<AccountStatus>
  /** Replaces an account's cookies when the new ones sign in; the old ones stay otherwise (422). */
  replaceCookies(accountId: string, cookies: Record<string, string>): Promise<AccountStatus>
  removeAccount(accountId: string): Promise<void>
  /** Loads the app page with the account's cookies now. */
  checkAccount(accountId: string): Promise<AccountStatus>
  rotateNow(accountId: string): Promise<void>
  listUpstreamModels(accountId?: string): Promise<unknown>
}

export type GeminiWebBackendOptions = {
  config: Config
  logger: Logger
  fetch?: typeof fetch
  now?: () => number
  /** Told when an account changes state or the pool has no ready account (alerts). */
  onAccountEvent?: (event: AccountEvent) => void
}

/** How often account states are looked at without a request (cool-downs that end). */
const watchIntervalMilliseconds = 15_000

export function createGeminiWebBackend(options: GeminiWebBackendOptions): GeminiWebBackend {
  const { config, logger } = options
  const now = options.now ?? Date.now
  const protocol = resolveProtocolData(assertProtocolOverride(config.upstream.protocol, defaultProtocolData))
  const accounts: Account[] = config.accounts.map((accountConfig) => new Account(accountConfig, config.dataDir))
  /** Accounts added at run time (the registry); config accounts are not in it. */
  const added: AccountConfig[] = []
  const ownerOf = (store: unknown) => accounts.find((account) => account.store === store)
  const transport = createTransport(options.fetch ?? fetch, createUrlMapper(config.upstream.origin, protocol), {
    onCookiesChanged: (store) => {
      const owner = ownerOf(store)
      owner?.persistSoon((error) => logger.warn('could not persist cookies', { account: owner.id, error }))
    },
    proxyFor: (store) => ownerOf(store)?.config.proxy,
    pageFetchFor: (store, logicalUrl) => {
      const keeper = ownerOf(store)?.keeper
      return keeper?.transport === 'page' && isPageTransported(protocol, logicalUrl) ? keeper.pageFetcher() : null
    },
  })
  const context: BackendContext = { protocol, transport, upstream: config.upstream, logger, now, nextRequestNumber: createRequestCounter() }
  const extract = createExtractOptions(protocol.placeholderPattern, protocol.cardContentPattern)
  const pool = createAccountPool(accounts, config.accountPool.selection, now)
  const watcher = createAccountWatcher(() => accounts, now, (event) => options.onAccountEvent?.(event))
  const keepAlives = new Map<string, () => void>()
  let watchTimer: ReturnType<typeof setInterval> | null = null
  let started = false
  let loaded: Promise<void> | null = null

  const load = () =>
    (loaded ??= (async () => {
      for (const entry of await readAccountRegistry(config.dataDir)) {
        if (accounts.some((account) => account.id === entry.id)) continue
        added.push(entry)
        accounts.push(new Account(entry, config.dataDir))
      }
      await Promise.all(accounts.map((account) => account.load()))
    })())

  const findAccount = (accountId: string | undefined): Account => {
    const account = accountId === undefined ? accounts[0] : accounts.find((candidate) => candidate.id === accountId)
    if (!account) throw new ProxyError('not_found', accountId === undefined ? 'No account is configured yet: add one with POST /api/admin/accounts' : `No account '${accountId}'`)
    return account
  }

  /** Starts the browser keeper of an account that asks for one (config `accounts[].browser`). */
  const startKeeper = async (account: Account): Promise<void> => {
    const browser = account.config.browser
    if (!browser?.enabled || account.keeper) return
    account.keeper = createBrowserKeeper({
      account,
      settings: config.browser,
      dataDir: config.dataDir,
      protocol,
      transport: browser.transport,
      logger: logger.child({ component: 'browser-keeper' }),
      onEvent: (event) => options.onAccountEvent?.({ type: 'keeper', ...event, at: new Date(now()).toISOString() }),
      onCookiesChanged: () => watcher.check(),
    })
    await account.keeper.start()
  }

  const startAccount = async (account: Account): Promise<void> => {
    await refreshSession(context, account)
      .then(() => discoverModels(context, account))
      .catch((error: unknown) => logger.warn('account session not ready', { account: account.id, error }))
    if (started && !keepAlives.has(account.id)) keepAlives.set(account.id, scheduleKeepAlive(context, account, config.accountPool.pageRefreshIntervalSeconds, () => watcher.check()))
    watcher.check()
  }

  const status = (): BackendStatus => {
    const time = now()
    const statuses = accounts.map((account) => account.status(time))
    return { ready: statuses.some((account) => account.ready), demo: config.demo, accounts: statuses }
  }

  const adopt = async (account: Account, cookies: Record<string, string>): Promise<AccountStatus> => {
    account.store.replaceWith(cookies)
    // The keeper's browser would copy its own session back over the new cookies at its next sync.
    await account.keeper?.adoptJarCookies()
    Object.assign(account, { tokens: null, signedIn: null, lastError: null, coolingDownUntil: null, preflightDone: false, deviceBound: false, discovered: null })
    account.modelCooldowns.clear()
    await account.persist()
    await startAccount(account)
    return account.status(now())
  }

  return {
    id: 'gemini-web',
    async *stream(request, model, call) {
      await load()
      try {
        yield* serveWithFailover({
          pool,
          request,
          ...(request.continuation ? { preferredAccount: request.continuation.account } : {}),
          model,
          call,
          checkSession: (account) => refreshSession(context, account, call.signal),
          answer: (account) => streamAnswer({ context, account, request, model, call, extract }),
          onFailover: (account, error) => call.logger.warn('account failed before answering; trying the next one', { account: account.id, error_kind: error.kind }),
        })
      } finally {
        watcher.check()
      }
    },
    status,
    async start() {
      await load()
      started = true
      // Keepers first: a device-bound account's first session check should use the browser's cookies.
      await Promise.all(accounts.map(startKeeper))
      await Promise.all(accounts.map(startAccount))
      watchTimer = setInterval(() => watcher.check(), watchIntervalMilliseconds)
      watchTimer.unref?.()
    },
    async stop() {
      for (const stopKeepAlive of keepAlives.values()) stopKeepAlive()
      keepAlives.clear()
      if (watchTimer) clearInterval(watchTimer)
      await Promise.all(accounts.map((account) => account.keeper?.stop()))
      if (loaded) await Promise.all(accounts.map((account) => account.persist().catch(() => undefined)))
    },
    async addAccount(input) {
      await load()
      const id = input.id ?? nextAccountId(accounts)
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new ProxyError('invalid_request', 'An account id is 1 to 64 letters, digits, dots, dashes or underscores', { param: 'id' })
      if (accounts.some((account) => account.id === id)) throw new ProxyError('invalid_request', `An account '${id}' exists already; replace its cookies with PUT /api/admin/accounts/${id}/cookies`, { status: 409, param: 'id' })
      const accountConfig: AccountConfig = { id, ...(input.accountIndex !== undefined ? { accountIndex: input.accountIndex } : {}), ...(input.proxy ? { proxy: input.proxy } : {}) }
      await checkCookiesSignIn(context, accountConfig, input.cookies)
      const account = new Account(accountConfig, config.dataDir)
      accounts.push(account)
      added.push(accountConfig)
      await writeAccountRegistry(config.dataDir, added)
      logger.info('account added', { account: id })
      return adopt(account, input.cookies)
    },
    async replaceCookies(accountId, cookies) {
      await load()
      const account = findAccount(accountId)
      await checkCookiesSignIn(context, account.config, cookies)
      logger.info('account cookies replaced', { account: account.id })
      return adopt(account, cookies)
    },
    async removeAccount(accountId) {
      await load()
      const account = findAccount(accountId)
      const index = added.findIndex((entry) => entry.id === accountId)
      if (index < 0) throw new ProxyError('invalid_request', `The account '${accountId}' comes from the config file; remove it there`, { status: 409 })
      keepAlives.get(accountId)?.()
      keepAlives.delete(accountId)
      accounts.splice(accounts.indexOf(account), 1)
      added.splice(index, 1)
      watcher.forget(accountId)
      await writeAccountRegistry(config.dataDir, added)
      await removeAccountFiles(config.dataDir, accountId)
      logger.info('account removed', { account: accountId })
      watcher.check()
    },
    async checkAccount(accountId) {
      await load()
      const account = findAccount(accountId)
      await refreshSession(context, account).catch(() => undefined)
      watcher.check()
      return account.status(now())
    },
    async rotateNow(accountId) {
      await load()
      await rotateOrThrow(context, findAccount(accountId))
      watcher.check()
    },
    async listUpstreamModels(accountId) {
      await load()
      const account = findAccount(accountId)
      return { account: account.id, ...(await discoverModels(context, account)) }
    },
  }
}

/** Answers and uploads go through the page in page-transport mode; page loads and rotation never do. */
function isPageTransported(protocol: ProtocolData, logicalUrl: string): boolean {
  const url = new URL(logicalUrl)
  return url.pathname.endsWith(protocol.paths.streamGenerate) || url.origin === protocol.origins.upload
}

/** `account-2`, `account-3`, …: the first free one. */
function nextAccountId(accounts: readonly Account[]): string {
  for (let number = accounts.length + 1; number < accounts.length + 1000; number++) {
    const id = `account-${number}`
    if (!accounts.some((account) => account.id === id)) return id
  }
  return `account-${crypto.randomUUID().slice(0, 8)}`
}
