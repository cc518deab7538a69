/**
 * `__Secure-1PSIDTS` rotation through accounts.google.com/RotateCookies
 * (docs/upstream-protocol.md, "Cookie rotation"): skipped when the last rotation is recent (Google
 * answers 429 otherwise), coalesced when several callers ask at once, forced once after an
 * upstream 401/403. Only `__Secure-1PSID` and `__Secure-1PSIDTS` are sent. With
 * `upstream.rotationBody: auto` the legacy body goes first and the JSON body follows a 400; the
 * body that worked is remembered per account. A failed rotation is recorded on the account
 * (`lastRotationError`), never hidden; a 200 without a new 1PSIDTS counts as failed.
 */

import { ProxyError } from '../../core/errors.ts'
import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import type { RotationBody } from './protocol-data.ts'

export type RotationOutcome = 'rotated' | 'skipped' | 'failed'

const rotatedCookieName = '__Secure-1PSIDTS'

/** The bodies to try, in order: the configured one, or (auto) the one that worked last, then the rest. */
function bodiesToTry(context: BackendContext, account: Account): RotationBody[] {
  const configured = context.upstream.rotationBody
  if (configured !== 'auto') return [configured]
  const order = context.protocol.rotation.order
  return account.rotationBody ? [account.rotationBody, ...order.filter((body) => body !== account.rotationBody)] : [...order]
}

async function postRotation(context: BackendContext, account: Account, body: RotationBody): Promise<Response> {
  const { protocol, upstream } = context
  const response = await context.transport.send(account.store, protocol.origins.accounts + protocol.paths.rotateCookies, {
    method: 'POST',
    headers: { ...protocol.headers.common, ...protocol.rotation.headers[body] },
    body: protocol.rotation.bodies[body],
    cookieNames: protocol.rotation.cookieNames,
    signal: AbortSignal.timeout(Math.min(upstream.requestTimeoutSeconds, 30) * 1000),
  })
  await response.body?.cancel()
  return response
}

async function sendRotation(context: BackendContext, account: Account): Promise<RotationOutcome> {
  const candidates = bodiesToTry(context, account)
  let response: Response | undefined
  let used: RotationBody | undefined
  for (const body of candidates) {
    used = body
    response = await postRotation(context, account, body)
    // 400 means this body is not understood (any more): the next body may be.
    if (response.status !== 400) break
  }
  if (!response || !used) return 'failed'
  const now = context.now()
  account.lastRotationAt = now
  if (response.ok) {
    const rotated = response.headers.getSetCookie().some((header) => header.startsWith(rotatedCookieName + '='))
    if (rotated) {
      account.lastRotationError = null
      account.deviceBound = false
      account.rotationBody = used
      // The XSRF token is tied to the old cookie state: fetch the page again before the next request.
      account.tokensFetchedAt = 0
      return 'rotated'
    }
    account.lastRotationError = `RotateCookies answered ${response.status} without a new ${rotatedCookieName}`
    return 'failed'
  }
  if (response.status === 429) account.lastRotationError = 'RotateCookies answered 429 (rotated too recently); will retry at the next interval'
  else if (response.status === 400) account.lastRotationError = `RotateCookies refused every request body (${candidates.join(', ')}) with HTTP 400`
  else if (response.status === 401 || response.status === 403) {
    // The page still signs in, yet the session cannot be refreshed: Chrome bound it to its device key.
    if (account.signedIn === true) account.deviceBound = true
    account.lastRotationError = `RotateCookies rejected the session (HTTP ${response.status}); the cookies may be dead or bound to the browser that exported them`
  }
  else account.lastRotationError = `RotateCookies answered HTTP ${response.status}`
  return 'failed'
}

export function rotateCookies(context: BackendContext, account: Account, options: { force: boolean }): Promise<RotationOutcome> {
  if (account.rotating) return account.rotating
  // A device-bound session is renewed only by the browser that holds it: ask the keeper instead.
  if (account.keeper) {
    const renewal = account.keeper.refreshNow().finally(() => {
      account.rotating = null
    })
    account.rotating = renewal
    return renewal
  }
  const last = account.lastRotationAt
  if (!options.force && last !== null && context.now() - last < context.protocol.rotation.minimumSpacingSeconds * 1000) return Promise.resolve('skipped')
  const run = sendRotation(context, account)
    .catch((error: unknown): RotationOutcome => {
      account.lastRotationAt = context.now()
      account.lastRotationError = `RotateCookies failed: ${error instanceof Error ? error.name : 'error'}`
      return 'failed'
    })
    .then(async (outcome) => {
      account.rotating = null
      if (outcome === 'failed') context.logger.warn('cookie rotation failed', { account: account.id, reason: account.lastRotationError })
      await account.persist().catch(() => undefined)
      return outcome
    })
  account.rotating = run
  return run
}

/** For the operator route: throws when the rotation did not produce a new cookie. */
export async function rotateOrThrow(context: BackendContext, account: Account): Promise<void> {
  const outcome = await rotateCookies(context, account, { force: true })
  if (outcome === 'failed') throw new ProxyError('upstream_unavailable', account.lastRotationError ?? 'Cookie rotation failed', { scope: 'credential' })
}

/** Starts the jittered timer; returns a function that stops it. */
export function scheduleRotation(context: BackendContext, account: Account): () => void {
  const intervalSeconds = context.upstream.rotationIntervalSeconds
  // The keeper's page renews the cookies on its own schedule (browser.reloadIntervalSeconds).
  if (intervalSeconds <= 0 || account.keeper) return () => undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const plan = () => {
    if (stopped) return
    const jitter = (Math.random() * 2 - 1) * context.protocol.rotation.jitterSeconds
    timer = setTimeout(() => {
      void rotateCookies(context, account, { force: false }).finally(plan)
    }, Math.max(1, intervalSeconds + jitter) * 1000)
    timer.unref?.()
  }
  plan()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
}
