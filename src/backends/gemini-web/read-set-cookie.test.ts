import { describe, expect, test } from 'bun:test'
import { readSetCookie } from './read-set-cookie.ts'

const now = Date.UTC(2026, 11, 5)

describe('readSetCookie', () => {
  test('two refreshes of one cookie share a shape; value and expiry are read', () => {
    const first = readSetCookie('SIDCC=AKEy-one; expires=Sun, 05-Dec-2027 09:00:00 GMT; path=/; domain=.google.com; priority=high', now)
    const second = readSetCookie('SIDCC=AKEy=two; Expires=Mon, 06-Dec-2027 09:00:00 GMT; Path=/; Domain=.google.com; Priority=HIGH', now)
    expect(first).toEqual({ name: 'SIDCC', value: 'AKEy-one', shape: 'SIDCC;path=/;domain=.google.com;priority=high', expiresAt: Date.UTC(2027, 11, 5, 9) })
    expect(second?.value).toBe('AKEy=two')
    expect(second?.shape).toBe(first!.shape)
  })

  test('a different place or flag is a different shape', () => {
    const base = readSetCookie('A=1; Path=/; Domain=.google.com; Secure', now)!.shape
    expect(readSetCookie('A=1; Domain=.google.com; Secure', now)).toBeNull()
    expect(readSetCookie('A=1; Path=/app; Domain=.google.com; Secure', now)!.shape).not.toBe(base)
    expect(readSetCookie('A=1; Path=/; Domain=.google.com', now)!.shape).not.toBe(base)
    expect(readSetCookie('B=1; Path=/; Domain=.google.com; Secure', now)!.shape).not.toBe(base)
  })

  test('Max-Age wins over Expires; a session cookie has no expiry', () => {
    expect(readSetCookie('A=1; Expires=Sun, 05-Dec-2027 09:00:00 GMT; Max-Age=60; Path=/', now)?.expiresAt).toBe(now + 60_000)
    expect(readSetCookie('A=1; Max-Age=0; Path=/', now)?.expiresAt).toBe(now)
    expect(readSetCookie('A=1; Path=/', now)?.expiresAt).toBeNull()
  })

  test('what it cannot summarise is null (the full parser handles it): no Path among them', () => {
    expect(readSetCookie('=nameless; Path=/', now)).toBeNull()
    expect(readSetCookie('novalue; Path=/', now)).toBeNull()
    expect(readSetCookie('A="quoted"; Path=/', now)).toBeNull()
    expect(readSetCookie('A=1; Expires=not a date; Path=/', now)).toBeNull()
    expect(readSetCookie('A=1; Max-Age=soon; Path=/', now)).toBeNull()
    expect(readSetCookie('A=1; Expires=Sun, 05-Dec-2027 09:00:00 GMT', now)).toBeNull()
    expect(readSetCookie('A=1; Path=app', now)).toBeNull()
    expect(readSetCookie('A=a\u0001b; Path=/', now)).toBeNull()
    expect(readSetCookie('A=a b; Path=/', now)).toBeNull()
  })

  test('paths keep their case: /App and /app are two shapes', () => {
    expect(readSetCookie('A=1; Path=/App', now)!.shape).not.toBe(readSetCookie('A=1; Path=/app', now)!.shape)
  })
})
