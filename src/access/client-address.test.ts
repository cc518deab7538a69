import { describe, expect, test } from 'bun:test'
import { createClientAddressResolver } from './client-address.ts'

const request = (headers: Record<string, string>) => new Request('http://localhost/v1/models', { headers })

describe('createClientAddressResolver', () => {
  test('by default forwarding headers are ignored: the socket peer is the client', () => {
    const resolve = createClientAddressResolver({ server: { trustedProxies: [] } as never })
    expect(resolve(request({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8' }), '198.51.100.7')).toBe('198.51.100.7')
    expect(resolve(request({}), '::ffff:198.51.100.7')).toBe('198.51.100.7')
  })

  test('an untrusted peer cannot choose its address even when some proxies are trusted', () => {
    const resolve = createClientAddressResolver({ server: { trustedProxies: ['10.0.0.0/8'] } as never })
    expect(resolve(request({ 'x-forwarded-for': '1.2.3.4' }), '198.51.100.7')).toBe('198.51.100.7')
  })

  test('a trusted peer: the right-most untrusted X-Forwarded-For hop is the client', () => {
    const resolve = createClientAddressResolver({ server: { trustedProxies: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.1'] } as never })
    // The left-most entry is whatever the client claimed; it must not win.
    expect(resolve(request({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.1.1.1' }), '10.0.0.2')).toBe('203.0.113.9')
    expect(resolve(request({ 'x-forwarded-for': '203.0.113.9' }), '::ffff:10.0.0.2')).toBe('203.0.113.9')
    expect(resolve(request({ 'x-forwarded-for': '2001:db8::5, 2001:DB8:1::77' }), '192.0.2.1')).toBe('2001:db8::5')
    expect(resolve(request({ 'x-forwarded-for': '2a00:1450::1, 2001:db8::5' }), '192.0.2.1')).toBe('2a00:1450::1')
  })

  test('a trusted peer with all hops trusted yields the left-most hop; garbage stops at the nearest trusted hop', () => {
    const resolve = createClientAddressResolver({ server: { trustedProxies: ['10.0.0.0/8'] } as never })
    expect(resolve(request({ 'x-forwarded-for': '10.9.9.9, 10.1.1.1' }), '10.0.0.2')).toBe('10.9.9.9')
    expect(resolve(request({ 'x-forwarded-for': 'not-an-ip, 10.1.1.1' }), '10.0.0.2')).toBe('10.1.1.1')
  })

  test('X-Real-IP is used from a trusted peer when there is no X-Forwarded-For', () => {
    const resolve = createClientAddressResolver({ server: { trustedProxies: ['127.0.0.1'] } as never })
    expect(resolve(request({ 'x-real-ip': '203.0.113.50' }), '127.0.0.1')).toBe('203.0.113.50')
    expect(resolve(request({ 'x-real-ip': 'bogus' }), '127.0.0.1')).toBe('127.0.0.1')
    expect(resolve(request({ 'x-real-ip': '203.0.113.50' }), '127.0.0.2')).toBe('127.0.0.2')
  })

  test('a bad trusted-proxy entry stops startup with the field named', () => {
    expect(() => createClientAddressResolver({ server: { trustedProxies: ['10.0.0.0/99'] } as never })).toThrow('server.trustedProxies')
  })
})
