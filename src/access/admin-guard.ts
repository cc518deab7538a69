/**
 * Guards operator endpoints (cookie replacement, account status). With an admin key configured it
 * must be presented; without one the routes answer only to loopback callers that did not come
 * through a proxy. The proxy check matters: with Caddy on the same host and no trusted proxies
 * configured, every request looks like it comes from 127.0.0.1.
 */

import { ProxyError } from '../core/errors.ts'
import type { Config } from '../config/schema.ts'
import { registerSecret } from '../lib/redact.ts'
import { checkBrowserOrigin, collectServerHosts } from './check-browser-origin.ts'
import { isLoopbackAddress } from './ip-address.ts'
import { digestSecret, matchesDigest, readBearerToken } from './secret-compare.ts'

export type AdminGuard = (request: Request, clientAddress: string) => void

const forwardingHeaders = ['x-forwarded-for', 'x-real-ip', 'forwarded'] as const

export function createAdminGuard(config: Pick<Config, 'access' | 'server'>): AdminGuard {
  const adminKey = config.access.adminKey
  const hosts = collectServerHosts(config.server)
  if (adminKey !== null) {
    registerSecret(adminKey)
    const digest = digestSecret(adminKey)
    return function requireAdminKey(request) {
      // A page cannot know the key, but a foreign Origin is refused all the same.
      checkBrowserOrigin(request, hosts, false)
      const presented = request.headers.get('x-admin-key')?.trim() || readBearerToken(request)
      if (!presented) throw new ProxyError('unauthenticated', 'This operator endpoint needs the admin key: send it as "Authorization: Bearer <key>" or "x-admin-key"')
      if (!matchesDigest(presented, digest)) throw new ProxyError('unauthenticated', 'Invalid admin key')
    }
  }
  return function requireLoopback(request, clientAddress) {
    // Loopback alone is not enough: any web page in the operator's browser can reach loopback.
    checkBrowserOrigin(request, hosts, true)
    const proxied = forwardingHeaders.some((name) => request.headers.has(name))
    if (!isLoopbackAddress(clientAddress) || proxied) {
      throw new ProxyError('permission_denied', 'Operator endpoints answer only on loopback unless ADMIN_KEY (access.adminKey) is configured')
    }
  }
}
