/**
 * Exact shapes of the health and information endpoints (SPEC §2, §8), including the guide's
 * Chinese cookie-status messages and the not-ready state.
 */

import { describe, expect, it } from 'bun:test'
import { createTestApp, getPath } from '../helpers/create-test-app.ts'

async function getJson(app: ReturnType<typeof createTestApp>['app'], path: string) {
  const response = await app.handle(getPath(path))
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('info endpoints', () => {
  it('GET /health answers the guide shape', async () => {
    const { app, fake } = createTestApp()
    expect(await getJson(app, '/health')).toEqual({ status: 200, body: { status: 'ok', client_ready: true } })
    fake!.ready = false
    expect(await getJson(app, '/health')).toEqual({ status: 200, body: { status: 'ok', client_ready: false } })
  })

  it('GET /api/cookies/status reports validity with the guide messages and no cookie values', async () => {
    const { app, fake } = createTestApp()
    const valid = await getJson(app, '/api/cookies/status')
    expect(valid.body).toEqual({
      valid: true,
      message: 'Cookie有效，客户端已就绪',
      ready_accounts: 1,
      account_count: 1,
      accounts: [
        {
          id: 'default', state: 'ready', detail: null, fix: null, signed_in: true, ready: true, cookies: ['__Secure-1PSID', '__Secure-1PSIDTS'],
          last_good_at: null, last_rotation_at: null, last_rotation_error: null, last_error: null, cooling_down_until: null, model_cooldowns: {}, predicted_expiry: null,
        },
      ],
    })
    fake!.ready = false
    const invalid = await getJson(app, '/api/cookies/status')
    expect(invalid.body.valid).toBe(false)
    expect(invalid.body.message).toBe('Cookie无效或已过期')
  })

  it('GET /api/cookies/status shows per-account details only to the operator by default (issue reproducer)', async () => {
    const config = { access: { apiKeys: [{ key: 'client-key-0123456789', name: 'client' }], adminKey: 'admin-key-0123456789' } }
    const { app } = createTestApp({ config })
    const anyone = (await app.handle(getPath('/api/cookies/status', { authorization: 'Bearer client-key-0123456789' }), '203.0.113.9').then((response) => response.json())) as Record<string, unknown>
    expect(anyone).toEqual({
      valid: true,
      message: 'Cookie有效，客户端已就绪',
      ready_accounts: 1,
      account_count: 1,
      details: 'Per-account details need the admin key (or loopback without one); access.accountDetails: everyone shows them to all',
    })
    const operator = (await app.handle(getPath('/api/cookies/status', { authorization: 'Bearer admin-key-0123456789' }), '203.0.113.9').then((response) => response.json())) as Record<string, unknown>
    expect(operator.accounts).toHaveLength(1)
    const open = createTestApp({ config: { ...config, access: { ...config.access, accountDetails: 'everyone' } } })
    const shown = (await open.app.handle(getPath('/api/cookies/status'), '203.0.113.9').then((response) => response.json())) as Record<string, unknown>
    expect(shown.accounts).toHaveLength(1)
  })

  it('GET /api/info lists name, version, formats, endpoints, model count and uptime', async () => {
    const { app } = createTestApp()
    const { body } = await getJson(app, '/api/info')
    expect(body.name).toBe('gemini-reverse')
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(body.formats).toEqual(['openai', 'openai-responses', 'openai-images', 'gemini', 'anthropic'])
    expect(body.model_count).toBe(7)
    expect(body.uptime_seconds).toBeNumber()
    expect(body.endpoints).toContain('POST /v1/chat/completions')
    expect(body.endpoints).toContain('POST /gemini/v1beta/models/{model}:{method}')
    expect(body.endpoints).toContain('GET /api/cookies/status')
    expect(body.demo).toBe(false)
  })

  it('GET /api/models lists every model with the guide columns', async () => {
    const { app } = createTestApp()
    const { body } = await getJson(app, '/api/models')
    const models = body.models as Array<Record<string, unknown>>
    expect(body.count).toBe(7)
    expect(models[0]).toMatchObject({ id: 'gemini-2.5-flash', display_name: 'Gemini 2.5 Flash', kind: 'text', resolution: null, speed: 'fast', recommended_use: 'everyday chat' })
    expect(models.find((model) => model.id === 'gemini-3-pro-image-preview-4k')).toMatchObject({ kind: 'image', resolution: '4096x4096' })
  })

  it('GET /v1/models and /v1/models/{id} answer in OpenAI list format', async () => {
    const { app } = createTestApp()
    const list = await getJson(app, '/v1/models')
    expect(list.body.object).toBe('list')
    const anthropicFields = { type: 'model', created_at: '2025-01-01T00:00:00.000Z' }
    expect((list.body.data as unknown[])[0]).toEqual({ id: 'gemini-2.5-flash', object: 'model', created: 1735689600, owned_by: 'google', display_name: 'Gemini 2.5 Flash', ...anthropicFields })
    expect(list.body).toMatchObject({ has_more: false, first_id: 'gemini-2.5-flash' })
    expect((await getJson(app, '/v1/models/gemini-2.5-pro')).body).toEqual({ id: 'gemini-2.5-pro', object: 'model', created: 1735689600, owned_by: 'google', display_name: 'Gemini 2.5 Pro', ...anthropicFields })
    const missing = await getJson(app, '/v1/models/gpt-4o')
    expect(missing.status).toBe(404)
    expect((missing.body.error as Record<string, unknown>).code).toBe('model_not_found')
  })

  it.each(['/gemini/v1beta', '/gemini/v1', '/v1beta'])('GET %s/models and models/{id} answer in Google format', async (prefix) => {
    const { app } = createTestApp()
    const list = await getJson(app, `${prefix}/models`)
    const models = list.body.models as Array<Record<string, unknown>>
    expect(models).toHaveLength(7)
    expect(list.body.nextPageToken).toBeUndefined()
    expect(models[0]).toMatchObject({ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'] })
    const one = await getJson(app, `${prefix}/models/models%2Fgemini-2.5-pro`)
    expect(one.body.name).toBe('models/gemini-2.5-pro')
    const missing = await getJson(app, `${prefix}/models/nope`)
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 404, status: 'NOT_FOUND' } } })
  })

  it('answers unknown paths with 404 in the envelope of the path family', async () => {
    const { app } = createTestApp()
    expect((await getJson(app, '/v1/nothing')).body).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found' } })
    expect((await getJson(app, '/gemini/v1beta/nothing')).body).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } })
    expect((await getJson(app, '/nothing')).status).toBe(404)
  })
})
