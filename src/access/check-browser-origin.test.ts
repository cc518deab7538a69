import { describe, expect, it } from 'bun:test'
import { buildConfig } from '../config/load-config.ts'
import { createAdminGuard } from './admin-guard.ts'
import { checkBrowserOrigin, collectServerHosts } from './check-browser-origin.ts'

const hosts = collectServerHosts({ host: '127.0.0.1', publicBaseUrl: 'https://gemini-api.example.com/', allowedHosts: ['gw.internal:8100'] })
const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { method: 'POST', headers })
const refusal = (run: () => void) => {
  try {
    run()
  } catch (error) {
    return (error as { status: number; message: string }).status
  }
  return null
}

describe('checkBrowserOrigin', () => {
  it('knows the listen address, loopback names, the public host and the allowed hosts', () => {
    expect([...hosts].sort()).toEqual(['127.0.0.1', '::1', 'gemini-api.example.com', 'gw.internal', 'localhost'])
  })

  it('refuses an Origin of another site, and the opaque "null" origin', () => {
    expect(refusal(() => checkBrowserOrigin(request('http://127.0.0.1:8100/api/admin/cookies', { origin: 'http://evil.example' }), hosts, false))).toBe(403)
    expect(refusal(() => checkBrowserOrigin(request('http://127.0.0.1:8100/api/admin/cookies', { origin: 'null' }), hosts, false))).toBe(403)
    expect(refusal(() => checkBrowserOrigin(request('http://127.0.0.1:8100/api/admin/cookies', { origin: 'http://localhost:8100' }), hosts, false))).toBeNull()
    expect(refusal(() => checkBrowserOrigin(request('http://127.0.0.1:8100/api/admin/cookies'), hosts, false))).toBeNull()
  })

  it('refuses a rebound DNS name as Host when asked to check it', () => {
    const rebound = request('http://attacker.example:8100/api/admin/cookies', { host: 'attacker.example:8100' })
    expect(refusal(() => checkBrowserOrigin(rebound, hosts, true))).toBe(403)
    expect(refusal(() => checkBrowserOrigin(rebound, hosts, false))).toBeNull()
    expect(refusal(() => checkBrowserOrigin(request('http://gw.internal:8100/api/admin/cookies', { host: 'gw.internal:8100' }), hosts, true))).toBeNull()
  })
})

describe('the admin guard uses it', () => {
  it('without an admin key, refuses a loopback request from a rebound name or a foreign page', () => {
    const guard = createAdminGuard(buildConfig({ env: {} }))
    expect(refusal(() => guard(request('http://rebound.example:8100/api/admin/rotate', { host: 'rebound.example:8100' }), '127.0.0.1'))).toBe(403)
    expect(refusal(() => guard(request('http://127.0.0.1:8100/api/admin/rotate', { origin: 'https://evil.example' }), '127.0.0.1'))).toBe(403)
    expect(refusal(() => guard(request('http://127.0.0.1:8100/api/admin/rotate'), '127.0.0.1'))).toBeNull()
  })

  it('with an admin key, still refuses a foreign page that somehow has it', () => {
    const guard = createAdminGuard(buildConfig({ env: { ADMIN_KEY: 'admin-key-0123456789' } }))
    const withKey = { authorization: 'Bearer admin-key-0123456789' }
    expect(refusal(() => guard(request('http://127.0.0.1:8100/api/admin/rotate', { ...withKey, origin: 'https://evil.example' }), '203.0.113.5'))).toBe(403)
    expect(refusal(() => guard(request('https://gemini-api.example.com/api/admin/rotate', { ...withKey, host: 'anything.example' }), '203.0.113.5'))).toBeNull()
  })
})
