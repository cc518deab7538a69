/**
 * Keeps web pages away from the operator routes. A browser on the operator's machine can send a
 * request to 127.0.0.1 from any site, and with no admin key the loopback check alone would let it
 * replace cookies. So: a request that carries an `Origin` must come from a host this server is
 * reached by, and without an admin key the `Host` must be one too (a DNS-rebinding page sends its
 * own name as Host). The hosts: the listen address, loopback names, the host of
 * `server.publicBaseUrl`, and `server.allowedHosts`.
 */

import { ProxyError } from '../core/errors.ts'
import type { Config } from '../config/schema.ts'

const loopbackNames = ['localhost', '127.0.0.1', '::1']

/** A Host header or an origin's host, without port and brackets, lower-case. */
function readHostName(value: string): string | null {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.replace(/^\[|\]$/g, '').toLowerCase()
  } catch {
    return null
  }
}

export function collectServerHosts(server: Pick<Config['server'], 'host' | 'publicBaseUrl' | 'allowedHosts'>): ReadonlySet<string> {
  const hosts = new Set(loopbackNames)
  const listen = readHostName(server.host)
  if (listen && listen !== '0.0.0.0' && listen !== '::') hosts.add(listen)
  const publicHost = server.publicBaseUrl ? readHostName(server.publicBaseUrl) : null
  if (publicHost) hosts.add(publicHost)
  for (const host of server.allowedHosts) {
    const name = readHostName(host)
    if (name) hosts.add(name)
  }
  return hosts
}

/** Throws 403 for a foreign Origin, and (when `checkHost`) for a Host this server is not. */
export function checkBrowserOrigin(request: Request, hosts: ReadonlySet<string>, checkHost: boolean): void {
  const origin = request.headers.get('origin')
  if (origin !== null) {
    const originHost = origin === 'null' ? null : readHostName(origin)
    if (!originHost || !hosts.has(originHost)) throw new ProxyError('permission_denied', 'Operator endpoints refuse requests from web pages of other sites (Origin)')
  }
  if (checkHost) {
    // Bun builds the URL from the Host header; requests made in-process carry their host there too.
    const host = readHostName(request.headers.get('host') ?? new URL(request.url).host)
    if (!host || !hosts.has(host)) throw new ProxyError('permission_denied', 'Operator endpoints answer only to this server\'s own host names; add yours to server.allowedHosts')
  }
}
