/**
 * Maps every upstream failure to a ProxyError with the right kind and scope: in-stream Bard codes
 * (from the protocol data table, unknown codes too), status-only envelopes, HTTP statuses and
 * redirects. Scope `credential` means "this account is the problem" (the account is marked);
 * `request` means the caller's input; `server` means the upstream as a whole. Messages never
 * include upstream bodies or cookie values.
 */

import { ProxyError, toProxyError } from '../../core/errors.ts'
import type { ProtocolData } from './protocol-data.ts'

export type RedirectClass = 'login' | 'bot-check' | 'consent' | 'other'

export function mapBardError(code: number, protocol: ProtocolData): ProxyError {
  const entry = Object.hasOwn(protocol.bardErrors, String(code)) ? protocol.bardErrors[String(code)] : undefined
  if (!entry) {
    return new ProxyError('upstream_bad_response', `The upstream answered with unknown error code ${code}`, {
      details: { upstreamCode: code },
    })
  }
  return new ProxyError(entry.kind, `The upstream refused the request: ${entry.meaning} (code ${code})`, {
    scope: entry.scope,
    details: { upstreamCode: code, ...(entry.coolDownScope ? { coolDownScope: entry.coolDownScope } : {}) },
    ...(entry.retryable === undefined ? {} : { retryable: entry.retryable }),
    ...(entry.coolDownSeconds === undefined ? {} : { retryAfterSeconds: entry.coolDownSeconds }),
  })
}

/** A `wrb.fr` status envelope without a Bard code (`[4]`, `[7]`, `[13]`, …). */
export function mapStatusEnvelope(code: number | null): ProxyError {
  if (code === 7 || code === 16) {
    return new ProxyError('upstream_unauthenticated', `The upstream denied the request as unauthenticated (status ${code})`, {
      details: { upstreamStatus: code },
    })
  }
  return new ProxyError('upstream_bad_response', `The upstream answered with status ${code ?? 'unknown'} and no content`, {
    details: { upstreamStatus: code },
  })
}

export function mapHttpStatus(status: number, what: string, retryAfterHeader?: string | null): ProxyError {
  const details = { upstreamHttpStatus: status }
  if (status === 401 || status === 403) {
    return new ProxyError('upstream_unauthenticated', `The upstream rejected the account's cookies (${what}: HTTP ${status})`, { details })
  }
  if (status === 429) {
    const retryAfter = Number(retryAfterHeader)
    return new ProxyError('upstream_rate_limited', `The upstream is rate limiting this account (${what}: HTTP 429)`, {
      details,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : { retryAfterSeconds: 60 }),
    })
  }
  if (status === 413) return new ProxyError('payload_too_large', `The upstream refused the size of the upload (${what}: HTTP 413)`, { details })
  if (status === 408 || status === 504) return new ProxyError('upstream_timeout', `The upstream timed out (${what}: HTTP ${status})`, { details })
  if (status >= 500) return new ProxyError('upstream_unavailable', `The upstream is unavailable (${what}: HTTP ${status})`, { details })
  return new ProxyError('upstream_bad_response', `The upstream answered HTTP ${status} (${what})`, { details })
}

export function classifyRedirect(location: string, protocol: ProtocolData): RedirectClass {
  let target: string
  try {
    const url = new URL(location)
    target = url.host + url.pathname
  } catch {
    target = location
  }
  const matches = (prefixes: string[]) => prefixes.some((prefix) => target.startsWith(prefix) || target.includes('.' + prefix))
  if (matches(protocol.session.botCheckRedirects)) return 'bot-check'
  if (matches(protocol.session.consentRedirects)) return 'consent'
  if (matches(protocol.session.loginRedirects)) return 'login'
  return 'other'
}

export function mapRedirect(kind: RedirectClass, what: string): ProxyError {
  if (kind === 'login') return new ProxyError('upstream_unauthenticated', `The upstream asks the account to sign in again (${what})`, { details: { redirect: kind } })
  if (kind === 'bot-check') {
    return new ProxyError('upstream_rate_limited', `The upstream asks for a bot check (${what})`, {
      scope: 'credential',
      retryAfterSeconds: 600,
      details: { redirect: kind },
    })
  }
  if (kind === 'consent') return new ProxyError('upstream_unauthenticated', `The upstream shows a consent page; accept it in a browser and export the cookies again (${what})`, { details: { redirect: kind } })
  return new ProxyError('upstream_bad_response', `The upstream redirected unexpectedly (${what})`, { details: { redirect: kind } })
}

/** Network failures (refused, reset, DNS) become upstream_unavailable; ProxyErrors, aborts and timeouts map as everywhere else. */
export function mapThrown(thrown: unknown): ProxyError {
  if (thrown instanceof ProxyError || thrown instanceof DOMException) return toProxyError(thrown)
  const code = (thrown as { code?: unknown } | null)?.code
  if (thrown instanceof TypeError || typeof code === 'string') {
    return new ProxyError('upstream_unavailable', 'The upstream could not be reached', { cause: thrown, details: typeof code === 'string' ? { code } : {} })
  }
  return new ProxyError('internal', 'Internal server error', { cause: thrown })
}
