import { describe, expect, test } from 'bun:test'
import { classifyForbiddenAddress, parseIPv6 } from './classify-address.ts'

describe('classifyForbiddenAddress', () => {
  const forbidden: Array<[string, string]> = [
    ['127.0.0.1', 'a loopback address'],
    ['127.255.1.2', 'a loopback address'],
    ['10.1.2.3', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['169.254.169.254', 'a link-local address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a reserved address'],
    ['::1', 'a loopback address'],
    ['[::1]', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['::ffff:127.0.0.1', 'an IPv4-mapped address'],
    ['::ffff:8.8.8.8', 'an IPv4-mapped address'],
    ['::ffff:7f00:1', 'an IPv4-mapped address'],
    ['fc00::1', 'a unique-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['ff02::1', 'a multicast address'],
    ['64:ff9b::a00:1', 'a NAT64 address'],
    ['2002:a00:1::1', 'a 6to4 address'],
    ['2001:db8::1', 'a documentation address'],
    ['not-an-ip', 'an invalid address'],
  ]
  for (const [address, reason] of forbidden) {
    test(`refuses ${address}`, () => expect(classifyForbiddenAddress(address)).toBe(reason))
  }

  for (const address of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e']) {
    test(`allows ${address}`, () => expect(classifyForbiddenAddress(address)).toBeNull())
  }
})

describe('parseIPv6', () => {
  test('expands :: and a trailing dotted quad', () => {
    expect(parseIPv6('::ffff:10.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001])
    expect(parseIPv6('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])
  })
  test('rejects malformed text', () => {
    expect(parseIPv6('1::2::3')).toBeNull()
    expect(parseIPv6('1:2:3')).toBeNull()
    expect(parseIPv6('::g')).toBeNull()
  })
})
