/**
 * The assembled runtime as production builds it (createRuntime: real Gemini web backend, API
 * keys, rate limits, operator routes) against the emulator of Google's endpoints.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../src/config/load-config.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime, type Runtime } from '../../src/runtime.ts'
import { startEmulator, type Emulator } from '../../src/demo/emulator/index.ts'
import { getPath, postJson } from '../helpers/create-test-app.ts'

let emulator: Emulator
let runtime: Runtime
const apiKey = 'test-key-0123456789'
const adminKey = 'admin-key-0123456789'

beforeAll(async () => {
  emulator = await startEmulator()
  const config = buildConfig({
    file: { rateLimit: { requestsPerHour: 3, modelIntervalSeconds: 5 }, upstream: { rotationIntervalSeconds: 0 } },
    env: {
      GEMINI_UPSTREAM: emulator.origin, GEMINI_1PSID: 'runtime-test-psid', GEMINI_1PSIDTS: 'sidts-runtime-test',
      API_KEYS: apiKey, ADMIN_KEY: adminKey, DATA_DIR: mkdtempSync(join(tmpdir(), 'runtime-test-')),
    },
  })
  runtime = createRuntime(config, createLogger({ level: 'silent' }))
  await runtime.start()
})

afterAll(async () => {
  await runtime.stop()
  await emulator.stop()
})

const withKey = { authorization: `Bearer ${apiKey}` }

describe('assembled runtime', () => {
  it('reports a ready account from the real session', async () => {
    const health = await runtime.app.handle(getPath('/health'))
    expect(await health.json()).toEqual({ status: 'ok', client_ready: true })
  })

  it('refuses a generation without the key and answers one with it', async () => {
    const refused = await runtime.app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: '你好' }] }] }))
    expect(refused.status).toBe(401)
    const answered = await runtime.app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: '你好' }] }] }, withKey))
    expect(answered.status).toBe(200)
    const body = (await answered.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }
    expect(body.candidates[0]!.content.parts[0]!.text).toBe('Emulated answer to: 你好')
    expect(answered.headers.get('ratelimit')).toContain('"hourly"')
  })

  it('refuses a second call of the same model within the interval with the guide message', async () => {
    const response = await runtime.app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: 'again' }] }] }, withKey))
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const body = (await response.json()) as { detail: string; error: { status: string } }
    expect(body.detail).toMatch(/^模型 gemini-2\.5-flash 调用过于频繁，请等待 \d\.\d 秒后重试$/)
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED')
  })

  it('guards the operator routes with the admin key', async () => {
    const cookies = { '__Secure-1PSID': 'runtime-test-psid', '__Secure-1PSIDTS': 'sidts-replaced' }
    const refused = await runtime.app.handle(postJson('/api/admin/cookies', { cookies }))
    expect(refused.status).toBe(401)
    const accepted = await runtime.app.handle(postJson('/api/admin/cookies', { cookies }, { authorization: `Bearer ${adminKey}` }))
    expect(accepted.status).toBe(200)
    const body = (await accepted.json()) as { ok: boolean; account: { id: string; signedIn: boolean } }
    expect(body).toMatchObject({ ok: true, account: { id: 'default', signedIn: true } })
    expect(JSON.stringify(body)).not.toContain('sidts-replaced')
    const invalid = await runtime.app.handle(postJson('/api/admin/cookies', { cookies: { other: 'x' } }, { authorization: `Bearer ${adminKey}` }))
    expect(invalid.status).toBe(400)
  })
})
