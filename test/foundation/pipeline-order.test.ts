/**
 * The pipeline's fixed order (auth -> rate limit -> decode -> core -> encode), checked through
 * the real app with recording auth and rate-limit plugins and a recording backend.
 */

import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../../src/core/errors.ts'
import type { Authenticator } from '../../src/pipeline/stages/auth.ts'
import type { RateLimiter } from '../../src/pipeline/stages/rate-limit.ts'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'
import { createTestFormat } from '../helpers/test-format.ts'

function recordingSetup(options: { rejectAuth?: boolean; rejectRate?: boolean } = {}) {
  const seen: string[] = []
  const authenticator: Authenticator = {
    authenticate(request, _url, client) {
      seen.push(`auth:${request.bodyUsed ? 'body-read' : 'body-unread'}`)
      if (options.rejectAuth) throw new ProxyError('unauthenticated', 'no key')
      return { ...client, keyName: 'tester' }
    },
  }
  const rateLimiter: RateLimiter = {
    async admit({ client, modelId }) {
      seen.push(`rate:${client.keyName}:${modelId}`)
      if (options.rejectRate) throw new ProxyError('rate_limited', 'slow down', { retryAfterSeconds: 4.2, details: { detail: 'wait' } })
      return { headers: { 'ratelimit-policy': '"hourly";q=60;w=3600' } }
    },
  }
  const testApp = createTestApp({ dependencies: { authenticator, rateLimiter, formats: [createTestFormat()] } })
  testApp.fake!.script = (request) => {
    seen.push(`core:${request.model}`)
    return [{ type: 'text-delta', text: 'ok' }]
  }
  return { seen, ...testApp }
}

describe('pipeline order', () => {
  it('runs auth, rate limit, decode, core, encode in that order', async () => {
    const { app, seen } = recordingSetup()
    const response = await app.handle(postJson('/test/generate', { model: 'gemini-2.5-pro', prompt: 'x' }))
    expect(response.status).toBe(200)
    expect(response.headers.get('ratelimit-policy')).toBe('"hourly";q=60;w=3600')
    expect(await response.json()).toMatchObject({ text: 'ok', finish: 'stop' })
    expect(seen).toEqual(['auth:body-unread', 'rate:tester:gemini-2.5-pro', 'core:gemini-2.5-pro'])
  })

  it('stops at auth without reading the body or calling later stages', async () => {
    const { app, seen, logLines } = recordingSetup({ rejectAuth: true })
    const request = postJson('/test/generate', { model: 'gemini-2.5-pro' })
    const response = await app.handle(request)
    expect(response.status).toBe(401)
    // Not even the access log reads the body of a refused request.
    expect(request.bodyUsed).toBe(false)
    expect(JSON.parse(logLines.at(-1)!)).toMatchObject({ status: 401, model: null, error_kind: 'unauthenticated' })
    expect(await response.json()).toEqual({ kind: 'unauthenticated', message: 'no key' })
    expect(seen).toEqual(['auth:body-unread'])
  })

  it('stops at the rate limit with Retry-After rounded up and no backend call', async () => {
    const { app, seen } = recordingSetup({ rejectRate: true })
    const response = await app.handle(postJson('/test/generate', { model: 'gemini-2.5-pro' }))
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(seen).toEqual(['auth:body-unread', 'rate:tester:gemini-2.5-pro'])
  })

  it('does not rate-limit model listing', async () => {
    const { app, seen } = recordingSetup({ rejectRate: true })
    const response = await app.handle(new Request('http://localhost/test/models'))
    expect(response.status).toBe(200)
    expect(seen).toEqual(['auth:body-unread'])
  })

  it('answers an unknown model with model_not_found from the core', async () => {
    const { app, seen } = recordingSetup()
    const response = await app.handle(postJson('/test/generate', { model: 'no-such-model' }))
    expect(response.status).toBe(404)
    expect(((await response.json()) as { kind: string }).kind).toBe('model_not_found')
    expect(seen).toEqual(['auth:body-unread', 'rate:tester:no-such-model'])
  })

  it('turns a malformed JSON body into a 400 in the format, never a 500', async () => {
    const { app } = recordingSetup()
    const response = await app.handle(postJson('/test/generate', '{"model":'))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { message: string }).message).toContain('not valid JSON')
  })

  it('refuses a body over the size cap with 413', async () => {
    const { app } = createTestApp({ config: { server: { maxBodyBytes: 2048 } }, dependencies: { formats: [createTestFormat()] } })
    const response = await app.handle(postJson('/test/generate', { prompt: 'x'.repeat(5000) }))
    expect(response.status).toBe(413)
  })
})

describe('attachment size', () => {
  it('refuses an inline attachment over images.maxUploadBytes with 413 before calling the backend', async () => {
    const { app, fake } = createTestApp({ config: { images: { maxUploadBytes: 1024 } } })
    const bigImage = `data:image/png;base64,${Buffer.alloc(4096).toString('base64')}`
    const response = await app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: bigImage } }] }] }))
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('limit is 1024 bytes')
    expect(fake!.calls).toHaveLength(0)
  })
})

describe('rate limit keys', () => {
  it('limits a model by its id however the caller spells it', async () => {
    const seen: string[] = []
    const rateLimiter = { admit: async ({ modelId }: { modelId: string }) => (seen.push(modelId), { headers: {} }) }
    const { app } = createTestApp({ dependencies: { rateLimiter, formats: [createTestFormat()] } })
    for (const spelling of ['gemini-2.5-flash', 'models/gemini-2.5-flash', 'gemini-flash', ' gemini-2.5-flash ', 'no-such-model']) {
      await app.handle(postJson('/test/generate', { model: spelling }))
    }
    expect(seen).toEqual(['gemini-2.5-flash', 'gemini-2.5-flash', 'gemini-2.5-flash', 'gemini-2.5-flash', 'no-such-model'])
  })
})
