/**
 * A non-streamed request still waiting on the upstream when the grace period ends is answered
 * 503 with Retry-After (a client can retry elsewhere), not 499 as if the client had left.
 */

import { afterAll, beforeAll, expect, test } from 'bun:test'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'

let gateway: EmulatedGateway
beforeAll(async () => {
  gateway = await startEmulatedGateway({ config: { rateLimit: { enabled: false } } })
})
afterAll(() => gateway.stop())

test('a request cut by shutdown gets 503 with Retry-After in its format', async () => {
  gateway.emulator.faults.set('stall-after-frames', { frames: 2 })
  const pending = fetch(`${gateway.origin}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
  })
  for (let waited = 0; waited < 100 && gateway.testApp.app.inFlight.count() === 0; waited += 1) await Bun.sleep(10)
  await Bun.sleep(100)
  gateway.testApp.app.inFlight.abortAll()
  const response = await pending
  expect(response.status).toBe(503)
  expect(response.headers.get('retry-after')).toBe('5')
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('service_unavailable')
})
