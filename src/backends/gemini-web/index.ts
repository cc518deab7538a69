/**
 * The Gemini web backend plugin: the client of gemini.google.com behind the BackendPlugin
 * interface. It owns the accounts (cookie jars persisted under DATA_DIR, page tokens, rotation
 * timers), picks the first ready account per request and streams the answer as internal parts.
 * Operator hooks: replace an account's cookies, rotate now, and list the account's upstream models.
 */

import { ProxyError } from '../../core/errors.ts'
import type { Config } from '../../config/schema.ts'
import type { Logger } from '../../lib/logger.ts'
import type { AccountStatus, BackendPlugin, BackendStatus } from '../types.ts'
import { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { noConversationReuse, type ConversationReuse } from './build-prompt.ts'
import { createRequestCounter } from './build-request.ts'
import { createExtractOptions } from './extract-candidate.ts'
import { streamAnswer } from './generate.ts'
import { fetchUpstreamModels } from './list-models.ts'
import { mapThrown } from './map-error.ts'
import { createUrlMapper } from './origins.ts'
import { defaultProtocolData, resolveProtocolData } from './protocol-data.ts'
import { assertProtocolOverride, findUpstreamModelProblem } from './check-protocol-config.ts'
import { rotateOrThrow, scheduleRotation } from './rotate-cookies.ts'
import { refreshSession } from './session.ts'
import { createTransport } from './transport.ts'

export type GeminiWebBackend = BackendPlugin & {
  replaceCookies(accountId: string, cookies: Record<string, string>): Promise<AccountStatus>
  rotateNow(accountId: string): Promise<void>
  listUpstreamModels(accountId?: string): Promise<unknown>
}

export type GeminiWebBackendOptions = {
  config: Config
  logger: Logger
  fetch?: typeof fetch
  now?: () => number
  /** Seam for a later conversation-reuse cache; the default reuses nothing. */
  conversationReuse?: ConversationReuse
}

/** A signed-out account is checked again at most this often when a request needs one. */
const signedOutRecheckMilliseconds = 30_000

export function createGeminiWebBackend(options: GeminiWebBackendOptions): GeminiWebBackend {
  const { config, logger } = options
  const now = options.now ?? Date.now
  const protocol = resolveProtocolData(assertProtocolOverride(config.upstream.protocol, defaultProtocolData))
  const accounts = config.accounts.map((accountConfig) => new Account(accountConfig, config.dataDir))
  const transport = createTransport(options.fetch ?? fetch, createUrlMapper(config.upstream.origin, protocol), (store) => {
    const owner = accounts.find((account) => account.store === store)
    owner?.persistSoon((error) => logger.warn('could not persist cookies', { account: owner.id, error }))
  })
  const context: BackendContext = { protocol, transport, upstream: config.upstream, logger, now, nextRequestNumber: createRequestCounter() }
  const extract = createExtractOptions(protocol.placeholderPattern, protocol.cardContentPattern)
  const reuse = options.conversationReuse ?? noConversationReuse
  const stopTimers: Array<() => void> = []
  let loaded: Promise<void> | null = null

  const load = () => (loaded ??= Promise.all(accounts.map((account) => account.load())).then(() => undefined))

  const findAccount = (accountId: string | undefined): Account => {
    const account = accountId === undefined ? accounts[0] : accounts.find((candidate) => candidate.id === accountId)
    if (!account) throw new ProxyError('not_found', `No account '${accountId ?? '(any)'}' is configured`)
    return account
  }

  const pickAccount = async (signal: AbortSignal): Promise<Account> => {
    await load()
    const time = now()
    const ready = accounts.find((account) => account.isReady(time))
    if (ready) return ready
    let lastError: ProxyError | null = null
    for (const account of accounts) {
      if (account.isCoolingDown(time)) continue
      if (account.signedIn === false && time - account.sessionCheckedAt < signedOutRecheckMilliseconds) continue
      try {
        await refreshSession(context, account, signal)
        if (account.isReady(now())) return account
      } catch (error) {
        // A caller that left is not an account failure: report the abort, try no more accounts.
        if (signal.aborted) throw mapThrown(error)
        lastError = error instanceof ProxyError ? error : lastError
      }
    }
    const cooling = accounts.filter((account) => account.isCoolingDown(time))
    if (cooling.length > 0 && cooling.length === accounts.length) {
      const until = Math.min(...cooling.map((account) => account.coolingDownUntil ?? time))
      throw new ProxyError('upstream_rate_limited', 'Every Gemini account is cooling down after an upstream limit', { retryAfterSeconds: Math.max(1, Math.ceil((until - time) / 1000)) })
    }
    if (accounts.length === 0) throw new ProxyError('upstream_unauthenticated', 'No Gemini account is configured (set GEMINI_1PSID or accounts[] in the config)')
    throw lastError ?? new ProxyError('upstream_unauthenticated', 'No Gemini account has a signed-in session')
  }

  const status = (): BackendStatus => {
    const time = now()
    const statuses = accounts.map((account) => account.status(time))
    return { ready: statuses.some((account) => account.ready), demo: config.demo, accounts: statuses }
  }

  return {
    id: 'gemini-web',
    async *stream(request, model, call) {
      const account = await pickAccount(call.signal)
      yield* streamAnswer({ context, account, request, model, call, reuse, extract })
    },
    status,
    checkModel: (model) => findUpstreamModelProblem(model, protocol),
    async start() {
      await load()
      await Promise.all(accounts.map((account) => refreshSession(context, account).catch((error: unknown) => logger.warn('account session not ready', { account: account.id, error }))))
      for (const account of accounts) stopTimers.push(scheduleRotation(context, account))
    },
    async stop() {
      for (const stopTimer of stopTimers.splice(0)) stopTimer()
      if (loaded) await Promise.all(accounts.map((account) => account.persist().catch(() => undefined)))
    },
    async replaceCookies(accountId, cookies) {
      await load()
      const account = findAccount(accountId)
      account.store.replaceWith(cookies)
      account.tokens = null
      account.signedIn = null
      account.lastError = null
      account.coolingDownUntil = null
      account.preflightDone = false
      await account.persist()
      await refreshSession(context, account).catch((error: unknown) => logger.warn('replaced cookies are not signed in', { account: account.id, error }))
      return account.status(now())
    },
    async rotateNow(accountId) {
      await load()
      await rotateOrThrow(context, findAccount(accountId))
    },
    async listUpstreamModels(accountId) {
      await load()
      const account = accountId === undefined ? await pickAccount(AbortSignal.timeout(config.upstream.requestTimeoutSeconds * 1000)) : findAccount(accountId)
      return fetchUpstreamModels(context, account)
    },
  }
}

