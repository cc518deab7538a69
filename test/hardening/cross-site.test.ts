/**
 * Issue reproducers: a web page must not drive the gateway. Operator routes refuse foreign
 * origins and non-JSON bodies; API routes take JSON only (415), answer preflights explicitly (403
 * unless the operator allows the origin with server.corsOrigins) and, for an allowed origin, add
 * the headers that let the page read the answer.
 */

import { describe, expect, it } from 'bun:test'
import { createAdminGuard } from '../../src/access/index.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { createAdminRoutes } from '../../src/edge/admin-routes.ts'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'

const chatBody = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] })

function preflight(path: string, origin: string): Request {
  return new Request(`http://localhost${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-stainless-os' } })
}

describe('operator routes from a web page', () => {
  const operatorApp = () => {
    const config = buildConfig({ file: {}, env: {} })
    const replaced: unknown[] = []
    const backend = { id: 'gemini-web', stream: async function* () {}, status: () => ({ ready: true, demo: false, accounts: [] }), replaceCookies: async (id: string, cookies: unknown) => void replaced.push([id, cookies]) }
    return { replaced, ...createTestApp({ backend, dependencies: { plainRoutes: createAdminRoutes(backend as never, createAdminGuard(config)) } }) }
  }

  it("refuses the issue's reproducer: a foreign Origin posting text/plain to /api/admin/cookies", async () => {
    const { app, replaced } = operatorApp()
    const response = await app.handle(new Request('http://127.0.0.1:8100/api/admin/cookies', { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{"cookies":{"__Secure-1PSID":"x"}}' }))
    expect(response.status).toBe(403)
    expect(replaced).toEqual([])
  })

  it('refuses a text/plain or form body even without an Origin (415)', async () => {
    const { app, replaced } = operatorApp()
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await app.handle(new Request('http://127.0.0.1:8100/api/admin/cookies', { method: 'POST', headers: { 'content-type': contentType }, body: '{"cookies":{"__Secure-1PSID":"g.a000x"}}' }))
      expect(response.status).toBe(415)
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('send application/json')
    }
    expect(replaced).toEqual([])
  })

  it('never answers a preflight to an operator route, even with CORS on', async () => {
    const { app } = createTestApp({ config: { server: { corsOrigins: ['*'] } } })
    const response = await app.handle(preflight('/api/admin/cookies', 'https://app.example'))
    expect(response.status).not.toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('API routes and browsers', () => {
  it('take JSON only: text/plain gets 415 in each format envelope', async () => {
    const { app, fake } = createTestApp()
    const openai = await app.handle(new Request('http://localhost/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: chatBody }))
    expect(openai.status).toBe(415)
    expect(((await openai.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
    const gemini = await app.handle(new Request('http://localhost/v1beta/models/gemini-2.5-flash:generateContent', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"contents":[]}' }))
    expect(gemini.status).toBe(415)
    expect(((await gemini.json()) as { error: { code: number } }).error.code).toBe(415)
    expect(fake!.calls).toHaveLength(0)
  })

  it('answer a preflight with 403 in the envelope while CORS is off (the default)', async () => {
    const { app } = createTestApp()
    const response = await app.handle(preflight('/v1/chat/completions', 'https://app.example'))
    expect(response.status).toBe(403)
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Cross-origin requests from https://app.example are not allowed; the operator can allow the origin with server.corsOrigins')
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('let an allowed origin call them and read the answer', async () => {
    const { app } = createTestApp({ config: { server: { corsOrigins: ['https://app.example'] } } })
    const allowed = await app.handle(preflight('/v1/chat/completions', 'https://app.example'))
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-stainless-os')
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST')
    expect((await app.handle(preflight('/v1/chat/completions', 'https://other.example'))).status).toBe(403)

    const answer = await app.handle(postJson('/v1/chat/completions', chatBody, { origin: 'https://app.example' }))
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id')
    expect(answer.headers.get('vary')).toContain('Origin')
    const foreign = await app.handle(postJson('/v1/chat/completions', chatBody, { origin: 'https://other.example' }))
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allow any origin with "*"', async () => {
    const { app } = createTestApp({ config: { server: { corsOrigins: ['*'] } } })
    const response = await app.handle(preflight('/v1beta/models', 'https://anything.example'))
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })
})
