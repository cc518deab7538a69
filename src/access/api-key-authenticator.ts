/**
 * The API-key authenticator. With no keys configured every caller is accepted, as the integration
 * guide describes (any `Authorization: Bearer` value works). With keys configured, the key may
 * come from any place an SDK or the original guide (docs/compatibility.md) puts it; each presented value is compared with every
 * configured key in constant time, and the identity carries the key's name and limits, never the
 * key itself.
 */

import { ProxyError } from '../core/errors.ts'
import type { Config } from '../config/schema.ts'
import { registerSecret } from '../lib/redact.ts'
import type { ClientIdentity } from '../pipeline/context.ts'
import type { Authenticator } from '../pipeline/stages/auth.ts'
import { digestSecret, digestsMatch, readBearerToken } from './secret-compare.ts'

type StoredKey = { digest: Buffer; name: string; limits: NonNullable<ClientIdentity['limits']> }

/** Where a key may arrive, in the order the official SDKs and the original guide use them. */
export function readPresentedKeys(request: Request, url: URL): string[] {
  const candidates = [
    readBearerToken(request),
    request.headers.get('x-goog-api-key'),
    request.headers.get('x-api-key'),
    url.searchParams.get('key'),
  ]
  const present = candidates.map((value) => value?.trim() ?? '').filter((value) => value.length > 0)
  return [...new Set(present)]
}

/** A key without a name is called `key-<position>`: stable, and unlike a hash it reveals nothing. */
function nameKey(name: string | undefined, index: number): string {
  return name && name.trim().length > 0 ? name.trim() : `key-${index + 1}`
}

export function createApiKeyAuthenticator(config: Pick<Config, 'access'>): Authenticator {
  const keys: StoredKey[] = config.access.apiKeys.map((entry, index) => {
    registerSecret(entry.key)
    const limits: StoredKey['limits'] = {}
    if (entry.requestsPerHour !== undefined) limits.requestsPerHour = entry.requestsPerHour
    if (entry.modelIntervalSeconds !== undefined) limits.modelIntervalSeconds = entry.modelIntervalSeconds
    return { digest: digestSecret(entry.key), name: nameKey(entry.name, index), limits }
  })

  if (keys.length === 0) return { authenticate: (_request, _url, client) => client }

  return {
    authenticate(request, url, client) {
      const presented = readPresentedKeys(request, url)
      if (presented.length === 0) {
        throw new ProxyError('unauthenticated', 'Missing API key: send it as "Authorization: Bearer <key>", "x-goog-api-key", "x-api-key" or "?key="')
      }
      let found: StoredKey | undefined
      // Every configured key is compared, match or not, so timing does not tell which one matched.
      for (const value of presented) {
        const digest = digestSecret(value)
        for (const key of keys) {
          if (digestsMatch(digest, key.digest) && !found) found = key
        }
      }
      if (!found) throw new ProxyError('unauthenticated', 'Invalid API key')
      const identity: ClientIdentity = { ...client, keyName: found.name }
      if (Object.keys(found.limits).length > 0) identity.limits = { ...found.limits }
      return identity
    },
  }
}
