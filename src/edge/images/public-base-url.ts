/**
 * The origin written into image URLs. Behind a reverse proxy only the operator knows it, so
 * `server.publicBaseUrl` (PUBLIC_BASE_URL) wins; otherwise the listening address is used, with a
 * wildcard host (0.0.0.0, ::) replaced by loopback because a wildcard is not an address a client
 * can open. The caller is told when that fallback happened, so it can warn the operator once.
 */

import type { Config } from '../../config/schema.ts'

const wildcardHosts = new Set(['0.0.0.0', '::', '[::]', ''])

export type PublicBaseUrl = { url: string; guessed: boolean }

export function resolvePublicBaseUrl(server: Pick<Config['server'], 'publicBaseUrl' | 'host' | 'port'>, listeningPort?: number): PublicBaseUrl {
  if (server.publicBaseUrl) return { url: server.publicBaseUrl.replace(/\/+$/, ''), guessed: false }
  const port = listeningPort ?? server.port
  const wildcard = wildcardHosts.has(server.host)
  const host = wildcard ? '127.0.0.1' : server.host
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return { url: `http://${bracketed}:${port}`, guessed: wildcard }
}
