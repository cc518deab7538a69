import { describe, expect, test } from 'bun:test'
import { getPath, postJson } from '../helpers/create-test-app.ts'
import { createAccessApp, geminiGenerate, openAIChat, passedAccess } from './access-app.ts'

type ErrorBody = { detail?: string; error: { type?: string; status?: string; message: string } }

describe('model spacing through the app', () => {
  test('a second call of the same model within 5 s: 429 with the guide detail, Retry-After and RateLimit headers (OpenAI)', async () => {
    const { app, clock } = createAccessApp({})
    const first = await app.handle(openAIChat('gemini-2.5-flash'))
    expect(passedAccess(first)).toBe(true)
    expect(first.headers.get('ratelimit-policy')).toBe('"hourly";q=60;w=3600, "model";q=1;w=5')
    expect(first.headers.get('ratelimit')).toBe('"hourly";r=59;t=3600')

    clock.now += 800
    const second = await app.handle(openAIChat('gemini-2.5-flash'))
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBe('5')
    expect(second.headers.get('ratelimit-policy')).toBe('"hourly";q=60;w=3600, "model";q=1;w=5')
    expect(second.headers.get('ratelimit')).toBe('"hourly";r=59;t=3600, "model";r=0;t=5')
    const body = (await second.json()) as ErrorBody
    expect(body.detail).toBe('模型 gemini-2.5-flash 调用过于频繁，请等待 4.2 秒后重试')
    expect(body.error.type).toBe('rate_limit_error')
    expect(body.error.message).toBe(body.detail as string)

    // Another model is not affected; the same model is free again after exactly 5 s.
    expect(passedAccess(await app.handle(openAIChat('gemini-2.5-pro')))).toBe(true)
    clock.now += 4200
    expect(passedAccess(await app.handle(openAIChat('gemini-2.5-flash')))).toBe(true)
  })

  test('the same refusal in the Gemini envelope', async () => {
    const { app, clock } = createAccessApp({})
    expect(passedAccess(await app.handle(geminiGenerate('gemini-2.5-pro')))).toBe(true)
    clock.now += 1
    const refused = await app.handle(geminiGenerate('gemini-2.5-pro'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('5')
    const body = (await refused.json()) as ErrorBody & { error: { details?: Array<{ retryDelay?: string }> } }
    expect(body.detail).toBe('模型 gemini-2.5-pro 调用过于频繁，请等待 5.0 秒后重试')
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED')
    expect(body.error.details?.[0]?.retryDelay).toBe('5.0s')
  })

  test('the same refusal in the Anthropic envelope; a Claude name counts as the model it maps to', async () => {
    const { app, clock } = createAccessApp({})
    const messages = (model: string) => postJson('/v1/messages?beta=true', { model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }, { 'x-api-key': 'any', 'anthropic-version': '2023-06-01' })
    expect(passedAccess(await app.handle(messages('gemini-2.5-pro')))).toBe(true)
    clock.now += 1
    const refused = await app.handle(messages('claude-sonnet-4-5'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('5')
    const body = (await refused.json()) as ErrorBody & { type: string }
    expect(body.detail).toBe('模型 gemini-2.5-pro 调用过于频繁，请等待 5.0 秒后重试')
    expect(body.type).toBe('error')
    expect(body.error).toEqual({ type: 'rate_limit_error', message: body.detail as string })
  })

  test('global scope: one client calling a model holds it for everyone', async () => {
    const perClient = createAccessApp({})
    expect(passedAccess(await perClient.app.handle(openAIChat(), '203.0.113.1'))).toBe(true)
    expect(passedAccess(await perClient.app.handle(openAIChat(), '203.0.113.2'))).toBe(true)
    const global = createAccessApp({ rateLimit: { modelScope: 'global' } })
    expect(passedAccess(await global.app.handle(openAIChat(), '203.0.113.1'))).toBe(true)
    expect((await global.app.handle(openAIChat(), '203.0.113.2')).status).toBe(429)
  })
})

describe('hourly limit through the app', () => {
  test('the request after the limit is refused with the hourly detail and a sliding reset', async () => {
    const { app, clock } = createAccessApp({ rateLimit: { requestsPerHour: 3, modelIntervalSeconds: 0 } })
    const remaining: Array<string | null> = []
    for (let index = 0; index < 3; index++) {
      const response = await app.handle(openAIChat())
      expect(passedAccess(response)).toBe(true)
      remaining.push(response.headers.get('ratelimit'))
      clock.now += 600_000
    }
    expect(remaining).toEqual(['"hourly";r=2;t=3600', '"hourly";r=1;t=3000', '"hourly";r=0;t=2400'])
    // Now 30 minutes after the first call: it leaves the window in 1800 s.
    const refused = await app.handle(geminiGenerate())
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1800')
    expect(refused.headers.get('ratelimit')).toBe('"hourly";r=0;t=1800')
    expect(refused.headers.get('ratelimit-policy')).toBe('"hourly";q=3;w=3600')
    const body = (await refused.json()) as ErrorBody
    expect(body.detail).toBe('请求过于频繁，每小时最多 3 次，请等待 1800.0 秒后重试')
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED')
    clock.now += 1_800_000
    expect(passedAccess(await app.handle(openAIChat()))).toBe(true)
    expect((await app.handle(openAIChat())).status).toBe(429)
  })

  test('health, info and model routes are never limited', async () => {
    const { app } = createAccessApp({ rateLimit: { requestsPerHour: 1, modelIntervalSeconds: 0 } })
    expect(passedAccess(await app.handle(openAIChat()))).toBe(true)
    expect((await app.handle(openAIChat())).status).toBe(429)
    for (const path of ['/health', '/api/info', '/v1/models', '/v1beta/models', '/v1/models/gemini-2.5-flash']) {
      for (let index = 0; index < 3; index++) expect((await app.handle(getPath(path))).status).toBe(200)
    }
  })

  test('requests admitted concurrently never exceed the limit', async () => {
    const { app } = createAccessApp({ rateLimit: { requestsPerHour: 10, modelIntervalSeconds: 0 } })
    const responses = await Promise.all(Array.from({ length: 100 }, (_, index) => app.handle(index % 2 ? openAIChat() : geminiGenerate())))
    expect(responses.filter(passedAccess)).toHaveLength(10)
    expect(responses.filter((response) => response.status === 429)).toHaveLength(90)
  })
})

describe('buckets: client address and API keys', () => {
  test('without trusted proxies X-Forwarded-For does not open a new bucket', async () => {
    const { app } = createAccessApp({ rateLimit: { requestsPerHour: 1, modelIntervalSeconds: 0 } })
    expect(passedAccess(await app.handle(openAIChat('gemini-2.5-flash', { 'x-forwarded-for': '198.51.100.1' }), '203.0.113.7'))).toBe(true)
    expect((await app.handle(openAIChat('gemini-2.5-flash', { 'x-forwarded-for': '198.51.100.2' }), '203.0.113.7')).status).toBe(429)
    expect(passedAccess(await app.handle(openAIChat(), '203.0.113.8'))).toBe(true)
  })

  test('behind a trusted proxy each forwarded client has its own bucket', async () => {
    const { app } = createAccessApp({ server: { trustedProxies: ['127.0.0.1', '10.0.0.0/8'] }, rateLimit: { requestsPerHour: 1, modelIntervalSeconds: 0 } })
    expect(passedAccess(await app.handle(openAIChat('gemini-2.5-flash', { 'x-forwarded-for': '198.51.100.1, 10.0.0.5' }), '127.0.0.1'))).toBe(true)
    expect(passedAccess(await app.handle(openAIChat('gemini-2.5-flash', { 'x-forwarded-for': '198.51.100.2' }), '127.0.0.1'))).toBe(true)
    expect((await app.handle(openAIChat('gemini-2.5-flash', { 'x-real-ip': '198.51.100.1' }), '127.0.0.1')).status).toBe(429)
    // A spoofed left-most entry does not escape the bucket of the real client.
    expect((await app.handle(openAIChat('gemini-2.5-flash', { 'x-forwarded-for': '1.1.1.1, 198.51.100.2' }), '127.0.0.1')).status).toBe(429)
  })

  test('with keys, the key is the bucket and its own limits apply', async () => {
    const { app, clock } = createAccessApp({
      access: { apiKeys: [{ key: 'sk-small-quota-01', name: 'small', requestsPerHour: 2, modelIntervalSeconds: 1 }, { key: 'sk-default-quota-02', name: 'default' }] },
      rateLimit: { requestsPerHour: 60 },
    })
    const small = { authorization: 'Bearer sk-small-quota-01' }
    const first = await app.handle(openAIChat('gemini-2.5-flash', small), '203.0.113.1')
    expect(first.headers.get('ratelimit-policy')).toBe('"hourly";q=2;w=3600, "model";q=1;w=1')
    clock.now += 1000
    // Another address, same key: same bucket, and the key's 1 s spacing (not the default 5 s) applies.
    expect(passedAccess(await app.handle(openAIChat('gemini-2.5-flash', small), '203.0.113.2'))).toBe(true)
    clock.now += 1000
    const refused = await app.handle(openAIChat('gemini-2.5-flash', small), '203.0.113.3')
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as ErrorBody).detail).toBe('请求过于频繁，每小时最多 2 次，请等待 3598.0 秒后重试')
    const other = await app.handle(openAIChat('gemini-2.5-flash', { 'x-api-key': 'sk-default-quota-02' }), '203.0.113.1')
    expect(passedAccess(other)).toBe(true)
    expect(other.headers.get('ratelimit')).toBe('"hourly";r=59;t=3600')
  })
})
