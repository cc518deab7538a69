import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../core/errors.ts'
import { createAdminGuard } from './admin-guard.ts'

const request = (headers: Record<string, string> = {}) => new Request('http://localhost/admin/cookies', { headers })

function kindThrown(action: () => void): string | null {
  try {
    action()
    return null
  } catch (error) {
    if (error instanceof ProxyError) return error.kind
    throw error
  }
}

describe('createAdminGuard', () => {
  test('with an admin key: accepted from Bearer or x-admin-key, from any address', () => {
    const guard = createAdminGuard({ access: { apiKeys: [], adminKey: 'admin-secret-42' }, server: { host: '127.0.0.1', publicBaseUrl: null, allowedHosts: [] } } as never)
    expect(kindThrown(() => guard(request({ authorization: 'Bearer admin-secret-42' }), '203.0.113.9'))).toBeNull()
    expect(kindThrown(() => guard(request({ 'x-admin-key': 'admin-secret-42' }), '203.0.113.9'))).toBeNull()
    expect(kindThrown(() => guard(request(), '127.0.0.1'))).toBe('unauthenticated')
    expect(kindThrown(() => guard(request({ 'x-admin-key': 'admin-secret-43' }), '127.0.0.1'))).toBe('unauthenticated')
  })

  test('without an admin key: loopback only, and never through a forwarding proxy', () => {
    const guard = createAdminGuard({ access: { apiKeys: [], adminKey: null }, server: { host: '127.0.0.1', publicBaseUrl: null, allowedHosts: [] } } as never)
    expect(kindThrown(() => guard(request(), '127.0.0.1'))).toBeNull()
    expect(kindThrown(() => guard(request(), '::1'))).toBeNull()
    expect(kindThrown(() => guard(request(), '203.0.113.9'))).toBe('permission_denied')
    expect(kindThrown(() => guard(request({ 'x-forwarded-for': '203.0.113.9' }), '127.0.0.1'))).toBe('permission_denied')
    expect(kindThrown(() => guard(request({ forwarded: 'for=203.0.113.9' }), '127.0.0.1'))).toBe('permission_denied')
  })
})
