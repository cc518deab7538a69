/**
 * GET /metrics on the assembled runtime against the emulator, after real traffic (answers,
 * a stream, a refusal by the rate limiter, an unknown model, an upstream Bard error), parsed
 * with an independent Prometheus text-format parser and the format's grammar
 * (test/helpers/read-prometheus-text.ts), then checked value by value.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findSample, readPrometheusText } from '../helpers/read-prometheus-text.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { startEmulator, type Emulator } from '../../src/demo/emulator/index.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime, type Runtime } from '../../src/runtime.ts'
import { getPath, postJson } from '../helpers/create-test-app.ts'

let emulator: Emulator
let runtime: Runtime
const adminKey = 'metrics-admin-key-0123'

beforeAll(async () => {
  emulator = await startEmulator()
  const config = buildConfig({
    file: { rateLimit: { requestsPerHour: 100, modelIntervalSeconds: 30 }, upstream: { rotationIntervalSeconds: 0 } },
    env: { GEMINI_UPSTREAM: emulator.origin, GEMINI_1PSID: 'metrics-test-psid', GEMINI_1PSIDTS: 'sidts-metrics-test', ADMIN_KEY: adminKey, DATA_DIR: mkdtempSync(join(tmpdir(), 'metrics-test-')) },
  })
  runtime = createRuntime(config, createLogger({ level: 'silent' }))
  await runtime.start()
})

afterAll(async () => {
  await runtime.stop()
  await emulator.stop()
})

const admin = { authorization: `Bearer ${adminKey}` }
const chat = (model: string, stream = false) => postJson('/v1/chat/completions', { model, stream, messages: [{ role: 'user', content: 'hello' }] })

async function scrape() {
  const response = await runtime.app.handle(getPath('/metrics', admin))
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toStartWith('text/plain; version=0.0.4')
  return readPrometheusText(await response.text())
}

describe('/metrics', () => {
  it('needs the admin key', async () => {
    expect((await runtime.app.handle(getPath('/metrics'))).status).toBe(401)
  })

  it('parses as Prometheus text and counts what happened', async () => {
    expect((await runtime.app.handle(chat('gemini-2.5-flash'))).status).toBe(200)
    const streamed = await runtime.app.handle(chat('gemini-2.5-pro', true))
    expect(streamed.status).toBe(200)
    await streamed.text()
    expect((await runtime.app.handle(chat('gemini-2.5-flash'))).status).toBe(429)
    expect((await runtime.app.handle(chat('no-such-model'))).status).toBe(404)
    // 1013 is transient: the backend asks once more (src/backends/gemini-web/generate.ts), so it fails twice.
    emulator.faults.set('bard-error', { code: 1013, times: 2 })
    expect((await runtime.app.handle(chat('gemini-3.0-pro'))).status).toBe(503)

    const { families, samples } = await scrape()
    expect(families.get('gemini_reverse_requests_total')?.type).toBe('COUNTER')
    expect(families.get('gemini_reverse_requests_total')?.help).toStartWith('Requests answered')
    const requests = (labels: Record<string, string>) => findSample(samples, 'gemini_reverse_requests_total', labels)
    expect(requests({ route: '/v1/chat/completions', format: 'openai', model: 'gemini-2.5-flash', status: '200' })).toBe(1)
    expect(requests({ route: '/v1/chat/completions', format: 'openai', model: 'gemini-2.5-pro', status: '200' })).toBe(1)
    expect(requests({ model: 'gemini-2.5-flash', status: '429' })).toBe(1)
    // A made-up model name never becomes a label value of its own.
    expect(requests({ model: 'other', status: '404' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_rate_limit_refusals_total', { route: '/v1/chat/completions' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_request_errors_total', { kind: 'upstream_unavailable' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_upstream_errors_total', { backend: 'gemini-web', kind: 'upstream_unavailable', code: '1013' })).toBe(1)

    expect(families.get('gemini_reverse_upstream_request_duration_seconds')?.type).toBe('HISTOGRAM')
    expect(findSample(samples, 'gemini_reverse_upstream_request_duration_seconds_count', { model: 'gemini-2.5-flash', outcome: 'ok' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_upstream_request_duration_seconds_count', { model: 'gemini-3.0-pro', outcome: 'error' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_upstream_request_duration_seconds_bucket', { model: 'gemini-2.5-flash', outcome: 'ok', le: '+Inf' })).toBe(1)
    expect(families.get('gemini_reverse_upstream_time_to_first_token_seconds')?.type).toBe('HISTOGRAM')
    expect(findSample(samples, 'gemini_reverse_upstream_time_to_first_token_seconds_count', { model: 'gemini-2.5-pro' })).toBe(1)

    expect(findSample(samples, 'gemini_reverse_account_ready', { backend: 'gemini-web', account: 'default' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_account_state', { account: 'default', state: 'ready' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_open_streams')).toBe(0)
    expect(findSample(samples, 'gemini_reverse_image_store_bytes')).toBe(0)
    expect(samples.find((sample) => sample.name === 'gemini_reverse_build_info')?.labels.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('shows a generated image in the image store size', async () => {
    const response = await runtime.app.handle(postJson('/v1/images/generations', { model: 'gemini-2.5-flash-image', prompt: 'a cat' }))
    expect(response.status).toBe(200)
    const { samples } = await scrape()
    expect(findSample(samples, 'gemini_reverse_image_store_bytes')).toBeGreaterThan(0)
  })
})
