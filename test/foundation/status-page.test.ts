/**
 * GET / on the assembled runtime (fake backend): who sees the operator view (loopback without
 * an admin key, the admin key as bearer or Basic password) and who sees the public one, the
 * Basic sign-in challenge, escaping of everything shown, the page's security headers, and
 * /ready for load balancers.
 */

import { describe, expect, it } from 'bun:test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../src/config/load-config.ts'
import { silentLogger } from '../../src/lib/logger.ts'
import { createRuntime } from '../../src/runtime.ts'
import { getPath, postJson } from '../helpers/create-test-app.ts'
import { createFakeBackend } from '../helpers/fake-backend.ts'

function startRuntime(env: Record<string, string> = {}) {
  const fake = createFakeBackend()
  const config = buildConfig({ file: { rateLimit: { modelIntervalSeconds: 0 } }, env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'status-page-test-')), ...env } })
  return { runtime: createRuntime(config, silentLogger, { backends: [fake] }), fake }
}

const operatorMarker = 'data-account="default"'
const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`operator:${password}`).toString('base64')}` })

describe('status page', () => {
  it('shows loopback visitors the operator view when no admin key is set, others the public view', async () => {
    const { runtime } = startRuntime()
    const local = await runtime.app.handle(getPath('/'), '127.0.0.1')
    expect(local.status).toBe(200)
    expect(local.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const page = await local.text()
    expect(page).toContain(operatorMarker)
    expect(page).toContain('ready: 1 of 1 account can answer')
    const remote = await (await runtime.app.handle(getPath('/'), '203.0.113.9')).text()
    expect(remote).not.toContain(operatorMarker)
    expect(remote).toContain('sign in with the admin key')
    expect(remote).toContain('ready: 1 of 1 account can answer')
    const proxied = await (await runtime.app.handle(getPath('/', { 'x-forwarded-for': '203.0.113.9' }), '127.0.0.1')).text()
    expect(proxied).not.toContain(operatorMarker)
    expect((await runtime.app.handle(getPath('/?operator=1'), '203.0.113.9')).status).toBe(403)
    await runtime.stop()
  })

  it('asks for the admin key with a Basic challenge and accepts it as the password or a bearer token', async () => {
    const { runtime } = startRuntime({ ADMIN_KEY: 'status-admin-key-1' })
    expect(await (await runtime.app.handle(getPath('/'), '127.0.0.1')).text()).not.toContain(operatorMarker)
    const challenge = await runtime.app.handle(getPath('/?operator=1'), '127.0.0.1')
    expect(challenge.status).toBe(401)
    expect(challenge.headers.get('www-authenticate')).toBe('Basic realm="gemini-reverse operator", charset="UTF-8"')
    expect(await (await runtime.app.handle(getPath('/?operator=1', basic('status-admin-key-1')), '203.0.113.9')).text()).toContain(operatorMarker)
    expect(await (await runtime.app.handle(getPath('/', { authorization: 'Bearer status-admin-key-1' }), '203.0.113.9')).text()).toContain(operatorMarker)
    expect(await (await runtime.app.handle(getPath('/', basic('wrong-key')), '203.0.113.9')).text()).not.toContain(operatorMarker)
    await runtime.stop()
  })

  it('escapes what it shows and allows only its own inline script', async () => {
    const { runtime } = startRuntime()
    await runtime.app.handle(postJson('/v1/chat/completions', { model: '<script>alert(1)</script>', messages: [{ role: 'user', content: 'hi' }] }))
    const response = await runtime.app.handle(getPath('/'), '127.0.0.1')
    const page = await response.text()
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script>alert(1)')
    const nonce = /script-src 'nonce-([0-9a-f]+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1]
    expect(nonce).toBeString()
    expect(page).toContain(`<script nonce="${nonce}">`)
    expect(page.match(/<script/g)).toHaveLength(1)
    await runtime.stop()
  })

  it('counts admitted generation requests per client next to the limit', async () => {
    const { runtime } = startRuntime()
    for (let index = 0; index < 2; index++) expect((await runtime.app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }), '127.0.0.1')).status).toBe(200)
    const page = await (await runtime.app.handle(getPath('/'), '127.0.0.1')).text()
    expect(page).toContain('2 generation requests admitted, 0 refused by the limits.')
    expect(page).toContain('<td><code>127.0.0.1</code></td><td>2 of 60</td>')
    await runtime.stop()
  })
})

describe('readiness', () => {
  it('answers 503 on /ready and /health?ready=1 while no account can serve; /health keeps its shape', async () => {
    const { runtime, fake } = startRuntime()
    expect((await runtime.app.handle(getPath('/ready'))).status).toBe(200)
    fake.ready = false
    const ready = await runtime.app.handle(getPath('/ready'))
    expect(ready.status).toBe(503)
    expect(ready.headers.get('retry-after')).toBe('30')
    expect(await ready.json()).toEqual({ status: 'not_ready', client_ready: false, ready_accounts: 0, accounts: 1 })
    expect((await runtime.app.handle(getPath('/health?ready=1'))).status).toBe(503)
    const health = await runtime.app.handle(getPath('/health'))
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', client_ready: false })
    await runtime.stop()
  })
})
