/**
 * The SSRF gate for one URL (each redirect hop goes through it again): only http and https,
 * no credentials in the URL, and every address the host resolves to must be public. Checking
 * all addresses (not only the first) stops a name that answers with one public and one private
 * record from reaching the private one.
 */

import { lookup as dnsLookup } from 'node:dns/promises'
import { ProxyError } from '../core/errors.ts'
import { classifyForbiddenAddress, isIPAddress } from './classify-address.ts'

export type LookupAddresses = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>

export const systemLookup: LookupAddresses = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

export function refuseUrl(url: string, reason: string, cause?: unknown): ProxyError {
  const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url
  return new ProxyError('invalid_request', `The attachment URL ${shown} cannot be fetched: ${reason}`, { param: 'messages', ...(cause === undefined ? {} : { cause }) })
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

export async function assertFetchableUrl(url: URL, lookup: LookupAddresses, signal: AbortSignal): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuseUrl(url.href, 'only http and https URLs are allowed')
  if (url.username || url.password) throw refuseUrl(url.href, 'URLs with credentials are not allowed')
  const host = url.hostname
  if (isIPAddress(host)) {
    const reason = classifyForbiddenAddress(host)
    if (reason) throw refuseUrl(url.href, `the host is ${reason}`)
    return
  }
  let addresses: ReadonlyArray<{ address: string }>
  try {
    addresses = await Promise.race([lookup(host), rejectOnAbort(signal)])
  } catch (error) {
    if (signal.aborted) throw error
    throw refuseUrl(url.href, `the host name ${host} could not be resolved`, error)
  }
  if (addresses.length === 0) throw refuseUrl(url.href, `the host name ${host} has no address`)
  for (const { address } of addresses) {
    const reason = classifyForbiddenAddress(address)
    if (reason) throw refuseUrl(url.href, `the host name ${host} resolves to ${reason}`)
  }
}
