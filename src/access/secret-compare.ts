/**
 * Constant-time comparison of secrets. Both sides are hashed with SHA-256 first, so the compared
 * buffers always have the same length and neither the length nor a common prefix of the stored
 * secret leaks through timing.
 */

import { createHash, timingSafeEqual } from 'node:crypto'

export function digestSecret(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

/** Compares two digests in constant time (digest a presented value once to compare it with many). */
export function digestsMatch(presentedDigest: Buffer, storedDigest: Buffer): boolean {
  return timingSafeEqual(presentedDigest, storedDigest)
}

/** Compares a presented value against a stored digest in constant time. */
export function matchesDigest(presented: string, storedDigest: Buffer): boolean {
  return digestsMatch(digestSecret(presented), storedDigest)
}

/** Reads the token of an `Authorization: Bearer <token>` header, or null. */
export function readBearerToken(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (!header) return null
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1]! : null
}
