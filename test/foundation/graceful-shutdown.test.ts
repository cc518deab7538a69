/**
 * Graceful shutdown with a real listening server: an open stream finishes if it can within the
 * grace period, new connections are refused meanwhile, and a stream still running at the
 * deadline ends with an error frame in its own format instead of being cut mid-frame.
 */

import { describe, expect, it } from 'bun:test'
import { createLogger } from '../../src/lib/logger.ts'
import { startServer } from '../../src/edge/start-server.ts'
import { createTestApp } from '../helpers/create-test-app.ts'
import { createTestFormat } from '../helpers/test-format.ts'

function startTestServer(graceSeconds: number) {
  const testApp = createTestApp({ config: { server: { port: 0, shutdownGraceSeconds: graceSeconds } }, dependencies: { formats: [createTestFormat()] } })
  const server = startServer({ app: testApp.app, config: testApp.config, logger: createLogger({ level: 'silent' }) })
  return { ...testApp, server }
}

function openStream(origin: URL): Promise<Response> {
  return fetch(new URL('/test/generate', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stream: true }) })
}

describe('graceful shutdown', () => {
  it('lets an open stream finish and refuses new connections meanwhile', async () => {
    const { server, fake } = startTestServer(10)
    fake!.delayMs = 60
    fake!.script = () => Array.from({ length: 5 }, (_, index) => ({ type: 'text-delta' as const, text: `part${index}` }))
    const response = await openStream(server.url)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let received = decoder.decode((await reader.read()).value)
    const stopped = server.shutdown('test')
    await Bun.sleep(20)
    await expect(fetch(new URL('/health', server.url))).rejects.toThrow()
    for (let reads = 0; reads < 50; reads += 1) {
      const { value, done } = await reader.read()
      if (done) break
      received += decoder.decode(value)
    }
    await stopped
    expect(received).toContain('"text":"part4"')
    expect(received.endsWith('data: end\n\n')).toBe(true)
  })

  it('ends a stream still running at the deadline with an error frame', async () => {
    const { server, fake } = startTestServer(0.2)
    fake!.delayMs = 50
    fake!.script = () => Array.from({ length: 1000 }, () => ({ type: 'text-delta' as const, text: 'x' }))
    const response = await openStream(server.url)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let received = decoder.decode((await reader.read()).value)
    const stopped = server.shutdown('test')
    for (let reads = 0; reads < 200; reads += 1) {
      const { value, done } = await reader.read()
      if (done) break
      received += decoder.decode(value)
    }
    await stopped
    expect(received.endsWith('data: {"error":"service_unavailable","message":"The server is shutting down; retry the request"}\n\n')).toBe(true)
    expect(received).not.toContain('data: end')
  })
})
