/**
 * Establishes an account's session: the www.google.com preflight (its NID/AEC cookies fixed /app
 * 502s in 2025), then the app page, read by hand so redirects can be classified (login, bot check
 * `/sorry`, consent) instead of followed into a sign-in form. A 200 signed-out page is an error:
 * a signed-out session is never "ready". Refreshes are coalesced per account.
 */

import { ProxyError } from '../../core/errors.ts'
import { raceAbort } from '../../lib/race-abort.ts'
import { registerTransientSecret } from '../../lib/redact.ts'
import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { classifyRedirect, mapHttpStatus, mapRedirect, mapThrown } from './map-error.ts'
import { scrapePage } from './scrape-page.ts'

const maximumRedirects = 5

function appUrl(context: BackendContext, account: Account): string {
  const { protocol } = context
  const path = account.accountIndex ? protocol.paths.accountApp.replace('{index}', String(account.accountIndex)) : protocol.paths.app
  return protocol.origins.gemini + path
}

async function sendPreflight(context: BackendContext, account: Account, signal?: AbortSignal): Promise<void> {
  if (account.preflightDone) return
  try {
    const response = await context.transport.send(account.store, context.protocol.origins.preflight + '/', {
      headers: context.protocol.headers.common,
      ...(signal ? { signal } : {}),
    })
    await response.body?.cancel()
    account.preflightDone = true
  } catch (error) {
    context.logger.debug('preflight failed', { account: account.id, error })
  }
}

async function fetchAppPage(context: BackendContext, account: Account, signal?: AbortSignal): Promise<string> {
  let url = appUrl(context, account)
  for (let hop = 0; hop <= maximumRedirects; hop++) {
    const response = await context.transport.send(account.store, url, { headers: context.protocol.headers.common, ...(signal ? { signal } : {}) })
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      const location = response.headers.get('location') ?? ''
      const next = new URL(location, url)
      const kind = classifyRedirect(next.href, context.protocol)
      if (kind !== 'other' || !context.transport.mapper.isGoogleHost(next.hostname)) throw mapRedirect(kind, 'app page')
      url = next.href
      continue
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw mapHttpStatus(response.status, 'app page', response.headers.get('retry-after'))
    }
    return await response.text()
  }
  throw new ProxyError('upstream_bad_response', 'The app page redirected too many times')
}

async function loadSession(context: BackendContext, account: Account, signal?: AbortSignal): Promise<void> {
  await sendPreflight(context, account, signal)
  const page = scrapePage(await fetchAppPage(context, account, signal), context.protocol)
  registerTransientSecret(page.xsrf)
  registerTransientSecret(page.sessionId)
  const now = context.now()
  account.sessionCheckedAt = now
  account.signedIn = page.signedIn
  if (page.modelFlag) account.pageModelFlag = page.modelFlag
  if (!page.signedIn) {
    account.tokens = null
    throw new ProxyError('upstream_unauthenticated', 'The upstream served a signed-out page: the account cookies are expired or invalid')
  }
  // Signed in again: a sign-in error no longer describes the account (a rate limit still may).
  if (account.lastError?.kind === 'upstream_unauthenticated') account.lastError = null
  account.tokens = {
    language: page.language ?? context.protocol.request.defaultLanguage,
    pushId: page.pushId ?? context.protocol.defaultPushId,
    ...(page.xsrf ? { xsrf: page.xsrf } : {}),
    ...(page.buildLabel ? { buildLabel: page.buildLabel } : {}),
    ...(page.sessionId ? { sessionId: page.sessionId } : {}),
  }
  account.tokensFetchedAt = now
}

/**
 * Refetches the page tokens, coalesced: concurrent callers share one load. The shared load runs on
 * its own deadline, never on one caller's signal, so a client that leaves does not fail the
 * others; each caller only stops waiting when its own signal aborts.
 */
export function refreshSession(context: BackendContext, account: Account, signal?: AbortSignal): Promise<void> {
  const shared = account.refreshing ?? startRefresh(context, account)
  return signal ? raceAbort(shared, signal) : shared
}

function startRefresh(context: BackendContext, account: Account): Promise<void> {
  const run = loadSession(context, account, AbortSignal.timeout(context.upstream.requestTimeoutSeconds * 1000))
    .catch((error: unknown) => {
      const proxyError = mapThrown(error)
      if (proxyError.scope === 'credential' || proxyError.kind === 'upstream_unauthenticated') account.recordError(proxyError, context.now())
      if (proxyError.kind === 'upstream_unauthenticated') account.signedIn = false
      throw proxyError
    })
    .finally(() => {
      account.refreshing = null
      void account.persist().catch(() => undefined)
    })
  run.catch(() => undefined)
  account.refreshing = run
  return run
}

/** Tokens younger than the configured lifetime are reused. */
export async function ensureSession(context: BackendContext, account: Account, signal?: AbortSignal): Promise<void> {
  const fresh = account.tokens !== null && context.now() - account.tokensFetchedAt < context.protocol.session.tokenLifetimeSeconds * 1000
  if (fresh && account.signedIn === true) return
  await refreshSession(context, account, signal)
}
