import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { startEmulator, type Emulator } from './index.ts'
import { paths } from './protocol-data.ts'
import { createGenerateRequest, fetchToken, readBardErrorCodes, readFramedBody, readPayloads, readTexts, signedInCookie, rotationCookie } from '../../../test/helpers/emulator-test-client.ts'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator()
})
afterEach(() => {
  emulator.faults.clear()
})
afterAll(async () => {
  await emulator.stop()
})

async function generate(input: Partial<Parameters<typeof createGenerateRequest>[1]> = {}, init?: RequestInit): Promise<Response> {
  const at = input.at === undefined ? await fetchToken(emulator.origin) : input.at
  return fetch(createGenerateRequest(emulator.origin, { prompt: 'hello', ...input, at }), init)
}

async function fetchApp(): Promise<Response> {
  return fetch(`${emulator.origin}/app`, { headers: { cookie: signedInCookie }, redirect: 'manual' })
}

describe('app page faults', () => {
  test('signed-out-page and no-snlm0e', async () => {
    emulator.faults.set('signed-out-page', { times: 1 })
    const signedOut = await (await fetchApp()).text()
    expect(signedOut).toContain('"S06Grb":""')
    expect(signedOut).not.toContain('SNlM0e')
    emulator.faults.set('no-snlm0e')
    const noToken = await (await fetchApp()).text()
    expect(noToken).not.toContain('SNlM0e')
    expect(noToken).toMatch(/"S06Grb":"\d+"/)
    emulator.faults.clear()
    expect(await (await fetchApp()).text()).toContain('"SNlM0e":"')
  })

  for (const [fault, host] of [['redirect-login', 'accounts.google.com'], ['redirect-sorry', 'www.google.com'], ['redirect-consent', 'consent.google.com']] as const) {
    test(`${fault} answers 302 to ${host}`, async () => {
      emulator.faults.set(fault, { times: 1 })
      const response = await fetchApp()
      expect(response.status).toBe(302)
      expect(new URL(response.headers.get('location') as string).host).toBe(host)
      expect((await fetchApp()).status).toBe(200)
    })
  }

  test('app-http-status', async () => {
    emulator.faults.set('app-http-status', { status: 502 })
    expect((await fetchApp()).status).toBe(502)
  })
})

describe('StreamGenerate faults', () => {
  for (const status of [401, 403, 429, 500, 502, 503]) {
    test(`generate-http-status ${status}`, async () => {
      emulator.faults.set('generate-http-status', { status, times: 1 })
      expect((await generate()).status).toBe(status)
      expect((await generate()).status).toBe(200)
    })
  }

  test('xsrf-400 rejects tokens issued before it; a refetched token works', async () => {
    const stale = await fetchToken(emulator.origin)
    emulator.faults.set('xsrf-400')
    const rejected = await generate({ at: stale })
    expect(rejected.status).toBe(400)
    expect(await rejected.text()).toContain('"xsrf"')
    expect((await generate({ at: await fetchToken(emulator.origin) })).status).toBe(200)
  })

  for (const code of [1013, 1037, 1050, 1052, 1060, 1095, 1096, 1100, 1155, 4242]) {
    test(`bard-error ${code}`, async () => {
      emulator.faults.set('bard-error', { code })
      const response = await generate()
      expect(response.status).toBe(200)
      const parsed = readFramedBody(await response.text())
      expect(readBardErrorCodes(parsed)).toEqual([code])
      expect(readTexts(parsed)).toEqual([])
    })
  }

  test('bard-error-after-content: a complete answer, then the code', async () => {
    emulator.faults.set('bard-error-after-content', { code: 1096 })
    const parsed = readFramedBody(await (await generate()).text())
    expect(readTexts(parsed).at(-1)).toBe('Emulated answer to: hello')
    expect(readBardErrorCodes(parsed)).toEqual([1096])
  })

  test('status-only and empty-answer have framing but no content', async () => {
    emulator.faults.set('status-only', { times: 1 })
    const statusOnly = readFramedBody(await (await generate()).text())
    expect(statusOnly.chunks[0]).toEqual([['wrb.fr', null, null, null, null, [4]]])
    emulator.faults.set('empty-answer', { times: 1 })
    const empty = readFramedBody(await (await generate()).text())
    expect(empty.endFrame).not.toBeNull()
    expect(readTexts(empty)).toEqual([])
    expect(readPayloads(empty).length).toBe(1)
  })

  test('unframed forces the unframed body even with rt=c', async () => {
    emulator.faults.set('unframed', { times: 1 })
    const text = await (await generate()).text()
    expect(text.startsWith(")]}'\n\n[[")).toBe(true)
    expect(() => readFramedBody(text)).toThrow()
  })

  test('slow-first-byte holds the answer back (a client timeout fires first)', async () => {
    emulator.faults.set('slow-first-byte', { ms: 60_000 })
    const token = await fetchToken(emulator.origin)
    await expect(generate({ at: token }, { signal: AbortSignal.timeout(300) })).rejects.toThrow()
  })

  test('stall-after-frames keeps the stream open after N frames', async () => {
    emulator.faults.set('stall-after-frames', { frames: 2 })
    const controller = new AbortController()
    const response = await generate({}, { signal: controller.signal })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let received = ''
    for (let reads = 0; reads < 50 && (received.match(/\n\d+\n/g)?.length ?? 0) < 2; reads++) {
      const chunk = await reader.read()
      if (chunk.done) break
      received += decoder.decode(chunk.value, { stream: true })
    }
    expect(received).toContain('wrb.fr')
    expect(received).not.toContain('"e",')
    expect(emulator.state.openStreams.size).toBe(1)
    controller.abort()
    await reader.read().catch(() => undefined)
  })

  test('cut-mid-frame drops the connection inside a frame', async () => {
    emulator.faults.set('cut-mid-frame')
    const response = await generate()
    expect(response.status).toBe(200)
    let failed = false
    let text = ''
    try {
      text = await response.text()
    } catch {
      failed = true
    }
    // Over a socket Bun's fetch reports the reset (ECONNRESET) instead of handing back a short body.
    expect(failed).toBe(true)
    expect(text).toBe('')
  })

  test('attestation-required gives 1100 to image turns only', async () => {
    emulator.faults.set('attestation-required')
    expect(readBardErrorCodes(readFramedBody(await (await generate({ prompt: 'draw a dog' })).text()))).toEqual([1100])
    expect(readBardErrorCodes(readFramedBody(await (await generate({ prompt: 'just text' })).text()))).toEqual([])
  })
})

describe('rotation, upload and download faults', () => {
  async function rotate(): Promise<Response> {
    return fetch(`${emulator.origin}${paths.rotateCookies}`, { method: 'POST', headers: { cookie: rotationCookie, 'content-type': 'application/json' }, body: '[000,"-0000000000000000000"]' })
  }

  test('rotation-no-psidts answers 200 with only __Secure-1PSIDCC', async () => {
    emulator.faults.set('rotation-no-psidts', { times: 1 })
    const response = await rotate()
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).toEqual(['__Secure-1PSIDCC'])
  })

  for (const status of [400, 401, 429]) {
    test(`rotation-status ${status}`, async () => {
      emulator.faults.set('rotation-status', { status })
      const response = await rotate()
      expect(response.status).toBe(status)
      expect(response.headers.getSetCookie()).toEqual([])
    })
  }

  test('upload-status', async () => {
    emulator.faults.set('upload-status', { status: 503 })
    const form = new FormData()
    form.set('file', new File(['x'], 'x.txt'))
    expect((await fetch(`${emulator.origin}/upload`, { method: 'POST', headers: { 'push-id': 'feeds/mcudyrk2a4khkz' }, body: form })).status).toBe(503)
  })

  test('image-download-status and a cookieless download (403)', async () => {
    const text = await (await generate({ prompt: 'generate an image of a boat' })).text()
    const url = /https:\/\/lh3\.googleusercontent\.com(\/gg-dl\/[^"\\]+)/.exec(text)?.[1] as string
    const redirect = await fetch(`${emulator.origin}${url}=s1024`, { redirect: 'manual' })
    const target = new URL(redirect.headers.get('location') as string)
    const local = `${emulator.origin}${target.pathname}`
    expect((await fetch(local)).status).toBe(403)
    emulator.faults.set('image-download-status', { status: 500, times: 1 })
    expect((await fetch(local, { headers: { cookie: signedInCookie } })).status).toBe(500)
    expect((await fetch(local, { headers: { cookie: signedInCookie } })).status).toBe(200)
  })
})
