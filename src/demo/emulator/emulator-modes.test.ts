import { describe, expect, test } from 'bun:test'
import { createEmulatorHandler, startEmulator } from './index.ts'
import { parseArguments } from './main.ts'
import { createGenerateRequest, readFramedBody, readTexts, signedInCookie, rotationCookie } from '../../../test/helpers/emulator-test-client.ts'

async function fetchTokenInProcess(handler: { fetch(request: Request): Promise<Response> }): Promise<string | null> {
  const html = await (await handler.fetch(new Request('http://127.0.0.1/app', { headers: { cookie: signedInCookie } }))).text()
  return /"SNlM0e":"(.*?)"/.exec(html)?.[1] ?? null
}

describe('emulator modes', () => {
  test('paced mode sends exactly textFrames cumulative text frames', async () => {
    const emulator = await startEmulator({ textFrames: 64, frameDelayMs: 1 })
    try {
      const at = await fetchTokenInProcess(emulator)
      const response = await fetch(createGenerateRequest(emulator.origin, { prompt: 'benchmark prompt', at }))
      const texts = readTexts(readFramedBody(await response.text()))
      expect(texts.length).toBe(64)
      expect(texts.at(-1)).toBe('Emulated answer to: benchmark prompt')
    } finally {
      await emulator.stop()
    }
  })

  test('fetch works in-process without a socket', async () => {
    const handler = createEmulatorHandler()
    const at = await fetchTokenInProcess(handler)
    const response = await handler.fetch(createGenerateRequest('http://127.0.0.1', { prompt: 'in process', at }))
    expect(readTexts(readFramedBody(await response.text())).at(-1)).toBe('Emulated answer to: in process')
  })

  test('in-process, cut-mid-frame delivers part of a frame and then fails the body', async () => {
    const handler = createEmulatorHandler()
    const at = await fetchTokenInProcess(handler)
    handler.faults.set('cut-mid-frame')
    const response = await handler.fetch(createGenerateRequest('http://127.0.0.1', { prompt: 'cut', at }))
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let received = ''
    let failed = false
    for (let reads = 0; reads < 100; reads++) {
      try {
        const chunk = await reader.read()
        if (chunk.done) break
        received += decoder.decode(chunk.value, { stream: true })
      } catch {
        failed = true
        break
      }
    }
    expect(failed).toBe(true)
    expect(received).toContain('wrb.fr')
    expect(() => readFramedBody(received)).toThrow(/does not frame a chunk|no newline/)
  })

  test('a stale __Secure-1PSIDTS is rejected only when a test enforces rotation', async () => {
    const handler = createEmulatorHandler()
    const rotate = await handler.fetch(new Request('http://127.0.0.1/RotateCookies', { method: 'POST', headers: { cookie: rotationCookie, 'content-type': 'application/json' }, body: '[000,"-0000000000000000000"]' }))
    expect(rotate.status).toBe(200)
    const at = await fetchTokenInProcess(handler)
    expect((await handler.fetch(createGenerateRequest('http://127.0.0.1', { prompt: 'old', at }))).status).toBe(200)
    handler.state.enforcePsidts = true
    expect((await handler.fetch(createGenerateRequest('http://127.0.0.1', { prompt: 'old', at }))).status).toBe(401)
    const fresh = `__Secure-1PSID=test-psid-value; __Secure-1PSIDTS=${handler.state.currentPsidts as string}`
    expect((await handler.fetch(createGenerateRequest('http://127.0.0.1', { prompt: 'new', at, cookie: fresh }))).status).toBe(200)
  })

  test('xsrf optional accepts a missing at; absent-from-page serves no SNlM0e', async () => {
    const optional = createEmulatorHandler({ xsrf: 'optional' })
    expect((await optional.fetch(createGenerateRequest('http://127.0.0.1', { prompt: 'no at', at: null }))).status).toBe(200)
    const absent = createEmulatorHandler({ xsrf: 'absent-from-page' })
    expect(await fetchTokenInProcess(absent)).toBeNull()
    expect((await absent.fetch(createGenerateRequest('http://127.0.0.1', { prompt: 'no at', at: null }))).status).toBe(200)
  })

  test('command line options parse, and bad ones are refused', () => {
    expect(parseArguments(['--port', '8123', '--frame-delay-ms=20', '--text-frames', '64', '--xsrf', 'optional'])).toEqual({ port: 8123, frameDelayMs: 20, textFrames: 64, xsrf: 'optional' })
    expect(parseArguments(['--help'])).toBe('help')
    expect(() => parseArguments(['--xsrf', 'maybe'])).toThrow()
    expect(() => parseArguments(['--port'])).toThrow()
    expect(() => parseArguments(['--bogus'])).toThrow()
  })
})
