/**
 * Decides which address a request comes from. The socket peer is the truth; forwarding headers
 * are believed only when that peer is a configured trusted proxy, otherwise any client could pick
 * its own rate-limit bucket by sending X-Forwarded-For. Behind a chain of proxies the client is
 * the right-most address in X-Forwarded-For that is not itself a trusted proxy (everything to its
 * left was written by parties we do not trust).
 */

import type { Config } from '../config/schema.ts'
import { formatAddress, isInRange, parseAddress, parseRange, type AddressRange, type ParsedAddress } from './ip-address.ts'

export type ClientAddressResolver = (request: Request, peerAddress: string) => string

/** Bounds the work on a hostile header: a real chain of proxies is a handful of hops. */
const maximumForwardedHops = 32

function parseTrustedProxies(entries: readonly string[]): AddressRange[] {
  return entries.map((entry) => {
    try {
      return parseRange(entry)
    } catch (error) {
      throw new Error(`server.trustedProxies: ${(error as Error).message}`)
    }
  })
}

export function createClientAddressResolver(config: Pick<Config, 'server'>): ClientAddressResolver {
  const trusted = parseTrustedProxies(config.server.trustedProxies)
  const isTrusted = (address: ParsedAddress) => trusted.some((range) => isInRange(address, range))

  return function resolveClientAddress(request, peerAddress) {
    const peer = parseAddress(peerAddress)
    if (!peer) return peerAddress
    if (trusted.length === 0 || !isTrusted(peer)) return formatAddress(peer)

    const forwardedFor = request.headers.get('x-forwarded-for')
    if (forwardedFor !== null) {
      const hops = forwardedFor.split(',').slice(-maximumForwardedHops)
      // Walk from the nearest hop outwards; the last trusted hop seen stands in for a garbled entry.
      let nearest = peer
      for (let index = hops.length - 1; index >= 0; index--) {
        const hop = parseAddress(hops[index]!)
        if (!hop) return formatAddress(nearest)
        if (!isTrusted(hop)) return formatAddress(hop)
        nearest = hop
      }
      return formatAddress(nearest)
    }

    const realIp = request.headers.get('x-real-ip')
    const real = realIp === null ? null : parseAddress(realIp)
    return formatAddress(real ?? peer)
  }
}
