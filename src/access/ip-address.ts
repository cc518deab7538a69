/**
 * IP address parsing and CIDR matching for the trusted-proxy list and loopback checks. Addresses
 * are parsed strictly into bytes (no regex on dotted strings: octal and hex forms have fooled
 * such checks before), and IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, what a dual-stack socket
 * reports for an IPv4 peer) are treated as the IPv4 address they carry.
 */

export type ParsedAddress = { version: 4 | 6; bytes: Uint8Array }

export type AddressRange = { version: 4 | 6; bytes: Uint8Array; prefixLength: number }

function parseIPv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  const bytes = new Uint8Array(4)
  for (let index = 0; index < 4; index++) {
    const part = parts[index]!
    // Decimal only, no leading zeros: "010" would be octal to some parsers and decimal to others.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null
    const value = Number(part)
    if (value > 255) return null
    bytes[index] = value
  }
  return bytes
}

function parseIPv6Bytes(text: string): Uint8Array | null {
  let body = text
  const bytes = new Uint8Array(16)
  // A trailing dotted IPv4 part fills the last 32 bits.
  let tail: Uint8Array | null = null
  const lastColon = body.lastIndexOf(':')
  if (body.includes('.', lastColon)) {
    tail = parseIPv4Bytes(body.slice(lastColon + 1))
    if (!tail) return null
    body = body.slice(0, lastColon + 1) + '0:0'
  }
  const halves = body.split('::')
  if (halves.length > 2) return null
  const readGroups = (half: string): number[] | null => {
    if (half === '') return []
    const groups: number[] = []
    for (const group of half.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return null
      groups.push(parseInt(group, 16))
    }
    return groups
  }
  const head = readGroups(halves[0]!)
  const rest = halves.length === 2 ? readGroups(halves[1]!) : []
  if (!head || !rest) return null
  const missing = 8 - head.length - rest.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null
  const groups = [...head, ...new Array<number>(missing).fill(0), ...rest]
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8
    bytes[index * 2 + 1] = group & 0xff
  })
  if (tail) bytes.set(tail, 12)
  return bytes
}

function isMappedIPv4(bytes: Uint8Array): boolean {
  for (let index = 0; index < 10; index++) if (bytes[index] !== 0) return false
  return bytes[10] === 0xff && bytes[11] === 0xff
}

/** Parses an IPv4 or IPv6 address (brackets and zone ids tolerated); null when it is not one. */
export function parseAddress(raw: string): ParsedAddress | null {
  let text = raw.trim()
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1)
  const zone = text.indexOf('%')
  if (zone >= 0) text = text.slice(0, zone)
  if (text.length === 0 || text.length > 64) return null
  if (!text.includes(':')) {
    const bytes = parseIPv4Bytes(text)
    return bytes ? { version: 4, bytes } : null
  }
  const bytes = parseIPv6Bytes(text)
  if (!bytes) return null
  if (isMappedIPv4(bytes)) return { version: 4, bytes: bytes.slice(12) }
  return { version: 6, bytes }
}

/** The canonical text of an address: dotted IPv4 (also for mapped addresses), compressed lowercase IPv6. */
export function formatAddress(address: ParsedAddress): string {
  if (address.version === 4) return Array.from(address.bytes).join('.')
  const groups: number[] = []
  for (let index = 0; index < 16; index += 2) groups.push((address.bytes[index]! << 8) | address.bytes[index + 1]!)
  // Compress the longest run of two or more zero groups (RFC 5952).
  let bestStart = -1
  let bestLength = 0
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++
      continue
    }
    let end = start
    while (end < 8 && groups[end] === 0) end++
    if (end - start > bestLength && end - start >= 2) {
      bestStart = start
      bestLength = end - start
    }
    start = end
  }
  const hex = groups.map((group) => group.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** Normalises an address string; returns null when it is not an IP address. */
export function normalizeAddress(raw: string): string | null {
  const parsed = parseAddress(raw)
  return parsed ? formatAddress(parsed) : null
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a bare address (a range of one). Throws on bad input. */
export function parseRange(raw: string): AddressRange {
  const slash = raw.indexOf('/')
  const address = parseAddress(slash >= 0 ? raw.slice(0, slash) : raw)
  if (!address) throw new Error(`"${raw}" is not an IP address or CIDR range`)
  const maximum = address.version === 4 ? 32 : 128
  let prefixLength = maximum
  if (slash >= 0) {
    const prefixText = raw.slice(slash + 1).trim()
    if (!/^\d{1,3}$/.test(prefixText)) throw new Error(`"${raw}" has an invalid prefix length`)
    prefixLength = Number(prefixText)
    // A mapped IPv4 range written in IPv6 form (::ffff:10.0.0.0/104) counts its prefix from bit 96.
    if (address.version === 4 && raw.includes(':')) prefixLength -= 96
    if (prefixLength < 0 || prefixLength > maximum) throw new Error(`"${raw}" has an invalid prefix length`)
  }
  return { version: address.version, bytes: address.bytes, prefixLength }
}

export function isInRange(address: ParsedAddress, range: AddressRange): boolean {
  if (address.version !== range.version) return false
  const fullBytes = Math.floor(range.prefixLength / 8)
  for (let index = 0; index < fullBytes; index++) if (address.bytes[index] !== range.bytes[index]) return false
  const remainingBits = range.prefixLength % 8
  if (remainingBits === 0) return true
  const mask = (0xff << (8 - remainingBits)) & 0xff
  return (address.bytes[fullBytes]! & mask) === (range.bytes[fullBytes]! & mask)
}

const loopbackRanges = [parseRange('127.0.0.0/8'), parseRange('::1/128')]

export function isLoopbackAddress(raw: string): boolean {
  const parsed = parseAddress(raw)
  return parsed !== null && loopbackRanges.some((range) => isInRange(parsed, range))
}

/** True for host settings that only listen on this machine (loopback addresses and `localhost`). */
export function isLoopbackHost(host: string): boolean {
  return host.trim().toLowerCase() === 'localhost' || isLoopbackAddress(host)
}
