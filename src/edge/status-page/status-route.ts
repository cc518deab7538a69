/**
 * GET / — the status page. Who passes the admin guard (ADMIN_KEY as bearer, x-admin-key, or as
 * the password of the browser's Basic sign-in; or a loopback visitor when no admin key is set)
 * sees the operator view with accounts, usage and errors. Everyone else sees the public view:
 * readiness, models, limits and the playground, which calls the API like any client (with an
 * API key when keys are configured). `/?operator=1` asks the browser for the admin key.
 */

import type { AdminGuard } from '../../access/index.ts'
import { isProxyError } from '../../core/errors.ts'
import type { PlainRoute } from '../plain-route.ts'
import { collectStatus, type StatusSources } from './collect-status.ts'
import { renderStatusPage } from './render-status-page.ts'

const realm = 'gemini-reverse operator'

/** The password of an `Authorization: Basic` header (the user name is ignored). */
function readBasicPassword(request: Request): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.headers.get('authorization') ?? '')
  if (!match) return null
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? null : decoded.slice(colon + 1)
}

function isOperator(guard: AdminGuard, request: Request, clientAddress: string): boolean {
  const passes = (candidate: Request) => {
    try {
      guard(candidate, clientAddress)
      return true
    } catch (error) {
      if (isProxyError(error)) return false
      throw error
    }
  }
  if (passes(request)) return true
  const password = readBasicPassword(request)
  return password !== null && password !== '' && passes(new Request(request.url, { headers: { 'x-admin-key': password } }))
}

function securityHeaders(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  }
}

export function createStatusRoute(sources: StatusSources, guard: AdminGuard, adminKeyConfigured: boolean): PlainRoute {
  return {
    method: 'GET',
    path: '/',
    handle(request, client) {
      const operator = isOperator(guard, request, client.address)
      const nonce = crypto.randomUUID().replaceAll('-', '')
      if (!operator && new URL(request.url).searchParams.has('operator')) {
        const body = adminKeyConfigured
          ? '<!doctype html><title>Operator sign-in</title><p>Sign in with any user name and the admin key (ADMIN_KEY) as the password. <a href="/">Back to the status page</a></p>'
          : '<!doctype html><title>Operator view</title><p>No admin key is configured, so the operator view is shown only on the server itself (loopback, not through a proxy). Set ADMIN_KEY to open it from elsewhere. <a href="/">Back to the status page</a></p>'
        const headers: Record<string, string> = { ...securityHeaders(nonce), ...(adminKeyConfigured ? { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` } : {}) }
        return new Response(body, { status: adminKeyConfigured ? 401 : 403, headers })
      }
      return new Response(renderStatusPage(collectStatus(sources, operator), nonce), { headers: securityHeaders(nonce) })
    },
  }
}
