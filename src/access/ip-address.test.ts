import { describe, expect, test } from 'bun:test'
import { isInRange, isLoopbackAddress, isLoopbackHost, normalizeAddress, parseAddress, parseRange } from './ip-address.ts'

describe('parseAddress', () => {
  test('reads IPv4 and IPv6, and treats IPv4-mapped IPv6 as IPv4', () => {
    expect(normalizeAddress('192.168.1.20')).toBe('192.168.1.20')
    expect(normalizeAddress('::ffff:10.1.2.3')).toBe('10.1.2.3')
    expect(normalizeAddress('[2001:DB8::1]')).toBe('2001:db8::1')
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1')
    expect(normalizeAddress('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1')
    expect(normalizeAddress('::')).toBe('::')
    expect(normalizeAddress('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8')
  })

  test('rejects what is not an address, including octal and hex IPv4 forms', () => {
    for (const bad of ['', 'localhost', '1.2.3', '1.2.3.4.5', '256.1.1.1', '010.0.0.1', '0x7f.0.0.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', 'x1.2.3.4', 'unknown']) {
      expect(parseAddress(bad)).toBeNull()
    }
  })
})

describe('ranges', () => {
  test('match IPv4 and IPv6 CIDR ranges and exact addresses', () => {
    const inside = (address: string, range: string) => isInRange(parseAddress(address)!, parseRange(range))
    expect(inside('10.20.30.40', '10.0.0.0/8')).toBe(true)
    expect(inside('11.0.0.1', '10.0.0.0/8')).toBe(false)
    expect(inside('172.16.5.4', '172.16.0.0/12')).toBe(true)
    expect(inside('172.32.0.1', '172.16.0.0/12')).toBe(false)
    expect(inside('203.0.113.7', '203.0.113.7')).toBe(true)
    expect(inside('203.0.113.8', '203.0.113.7')).toBe(false)
    expect(inside('fd00:1::5', 'fd00::/8')).toBe(true)
    expect(inside('fe00::5', 'fd00::/8')).toBe(false)
    expect(inside('::ffff:10.0.0.9', '10.0.0.0/24')).toBe(true)
    expect(inside('10.0.0.9', '::ffff:10.0.0.0/120')).toBe(true)
    expect(inside('10.0.0.9', 'fd00::/8')).toBe(false)
  })

  test('bad ranges are refused with a message', () => {
    expect(() => parseRange('10.0.0.0/33')).toThrow('invalid prefix length')
    expect(() => parseRange('not-an-ip/8')).toThrow('not an IP address')
  })

  test('loopback', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true)
    expect(isLoopbackAddress('127.8.9.10')).toBe(true)
    expect(isLoopbackAddress('::1')).toBe(true)
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopbackAddress('10.0.0.1')).toBe(false)
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('0.0.0.0')).toBe(false)
    expect(isLoopbackHost('::')).toBe(false)
  })
})
