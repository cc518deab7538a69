/**
 * Decides whether an IP address is one a server-side fetch of a caller's URL may reach. Only
 * globally routable unicast addresses pass: loopback, private, carrier-grade NAT, link-local
 * (including the cloud metadata address 169.254.169.254), unspecified, multicast, reserved and
 * documentation ranges are refused, and so is every IPv6 form that embeds an IPv4 address
 * (mapped, compatible, NAT64, 6to4, Teredo), because the embedded address could be private.
 */

import { isIP } from 'node:net'

type Range = readonly [base: number, prefix: number, label: string]

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d
}

const forbiddenIPv4: readonly Range[] = [
  [ipv4(0, 0, 0, 0), 8, 'an unspecified ("this network") address'],
  [ipv4(10, 0, 0, 0), 8, 'a private address'],
  [ipv4(100, 64, 0, 0), 10, 'a carrier-grade NAT address'],
  [ipv4(127, 0, 0, 0), 8, 'a loopback address'],
  [ipv4(169, 254, 0, 0), 16, 'a link-local address'],
  [ipv4(172, 16, 0, 0), 12, 'a private address'],
  [ipv4(192, 0, 0, 0), 24, 'a reserved address'],
  [ipv4(192, 0, 2, 0), 24, 'a documentation address'],
  [ipv4(192, 88, 99, 0), 24, 'a reserved address'],
  [ipv4(192, 168, 0, 0), 16, 'a private address'],
  [ipv4(198, 18, 0, 0), 15, 'a benchmarking address'],
  [ipv4(198, 51, 100, 0), 24, 'a documentation address'],
  [ipv4(203, 0, 113, 0), 24, 'a documentation address'],
  [ipv4(224, 0, 0, 0), 4, 'a multicast address'],
  [ipv4(240, 0, 0, 0), 4, 'a reserved address'],
]

function parseIPv4(text: string): number | null {
  const octets = text.split('.')
  if (octets.length !== 4) return null
  let value = 0
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return null
    value = value * 256 + Number(octet)
  }
  return value
}

/** Eight 16-bit groups, or null. Accepts `::` and a trailing dotted quad; drops a zone id. */
export function parseIPv6(text: string): number[] | null {
  let address = text.split('%')[0] ?? ''
  if (address.includes('.')) {
    // Rewrite a trailing dotted quad (::ffff:1.2.3.4) as two hex groups.
    const lastColon = address.lastIndexOf(':')
    const quad = parseIPv4(address.slice(lastColon + 1))
    if (quad === null) return null
    address = `${address.slice(0, lastColon + 1)}${(quad >>> 16).toString(16)}:${(quad & 0xffff).toString(16)}`
  }
  const halves = address.split('::')
  if (halves.length > 2) return null
  const toGroups = (part: string) => (part === '' ? [] : part.split(':').map((group) => (/^[0-9a-f]{1,4}$/i.test(group) ? parseInt(group, 16) : Number.NaN)))
  const left = toGroups(halves[0] ?? '')
  if (halves.length === 1) return left.length === 8 && left.every(Number.isFinite) ? left : null
  const right = toGroups(halves[1] ?? '')
  const missing = 8 - left.length - right.length
  if (missing < 1) return null
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right]
  return groups.every(Number.isFinite) ? groups : null
}

function classifyIPv4(value: number): string | null {
  for (const [base, prefix, label] of forbiddenIPv4) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0
    if (((value & mask) >>> 0) === base) return label
  }
  if (value === 0xffffffff) return 'a broadcast address'
  return null
}

function classifyIPv6(groups: number[]): string | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return 'an unspecified address'
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return 'a loopback address'
  if (firstFiveZero && g5 === 0xffff) return 'an IPv4-mapped address'
  if (firstFiveZero && g5 === 0) return 'an IPv4-compatible address'
  if (g0 === 0x64 && g1 === 0xff9b) return 'a NAT64 address'
  if (g0 === 0x2002) return 'a 6to4 address'
  if (g0 === 0x2001 && g1 === 0) return 'a Teredo address'
  if (g0 === 0x2001 && g1 === 0xdb8) return 'a documentation address'
  if ((g0 & 0xfe00) === 0xfc00) return 'a unique-local address'
  if ((g0 & 0xffc0) === 0xfe80) return 'a link-local address'
  if ((g0 & 0xffc0) === 0xfec0) return 'a site-local address'
  if ((g0 & 0xff00) === 0xff00) return 'a multicast address'
  // Only the global unicast block 2000::/3 is routable on the internet.
  if ((g0 & 0xe000) !== 0x2000) return 'a reserved address'
  return null
}

/** Why the address may not be fetched ("a private address"), or null when it is public. */
export function classifyForbiddenAddress(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  const family = isIP(bare.split('%')[0] ?? '')
  if (family === 4) {
    const value = parseIPv4(bare)
    return value === null ? 'an invalid address' : classifyIPv4(value)
  }
  if (family === 6) {
    const groups = parseIPv6(bare)
    return groups === null ? 'an invalid address' : classifyIPv6(groups)
  }
  return 'an invalid address'
}

export function isIPAddress(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  return isIP(bare.split('%')[0] ?? '') !== 0
}
