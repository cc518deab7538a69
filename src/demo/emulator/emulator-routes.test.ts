import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startEmulator, type Emulator } from './index.ts'
import { paths } from './protocol-data.ts'
import { createGenerateRequest, fetchToken, readBardErrorCodes, readFramedBody, readPayloads, readTexts, signedInCookie, rotationCookie } from '../../../test/helpers/emulator-test-client.ts'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

async function generate(input: Parameters<typeof createGenerateRequest>[1]): Promise<{ status: number; text: string }> {
  const response = await fetch(createGenerateRequest(emulator.origin, input))
  return { status: response.status, text: await response.text() }
}

describe('app page and preflight', () => {
  test('preflight GET / sets NID', async () => {
    const response = await fetch(`${emulator.origin}/`)
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('NID='))).toBe(true)
  })

  test('signed-in page holds the WIZ tokens and re-issues the SIDCC family', async () => {
    const response = await fetch(`${emulator.origin}/app`, { headers: { cookie: signedInCookie } })
    const html = await response.text()
    expect(response.status).toBe(200)
    for (const key of ['SNlM0e', 'cfb2h', 'FdrFJe', 'TuX5cc', 'qKIAYe']) expect(html).toContain(`"${key}":"`)
    expect(html).toMatch(/"S06Grb":"\d+"/)
    expect(response.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).toEqual(['SIDCC', '__Secure-1PSIDCC', '__Secure-3PSIDCC'])
  })

  test('without __Secure-1PSID the page is signed out (no SNlM0e, empty S06Grb)', async () => {
    const html = await (await fetch(`${emulator.origin}/app`)).text()
    expect(html).not.toContain('SNlM0e')
    expect(html).toContain('"S06Grb":""')
  })

  test('/u/1/app issues a token that only works on /u/1', async () => {
    const token = await fetchToken(emulator.origin, signedInCookie, '/u/1')
    expect(token).not.toBeNull()
    expect((await generate({ prompt: 'hi', at: token, slotPrefix: '/u/1' })).status).toBe(200)
    expect((await generate({ prompt: 'hi', at: token })).status).toBe(400)
  })
})

describe('StreamGenerate', () => {
  test('answers with framed cumulative snapshots, the routed model and a context token', async () => {
    const token = await fetchToken(emulator.origin)
    const { status, text } = await generate({ prompt: 'Hello there 😀', at: token })
    expect(status).toBe(200)
    const parsed = readFramedBody(text)
    const texts = readTexts(parsed)
    expect(texts.length).toBe(3)
    expect(texts.at(-1)).toBe('Emulated answer to: Hello there 😀')
    for (let index = 1; index < texts.length; index++) expect(texts[index]?.startsWith(texts[index - 1] ?? '\u0000')).toBe(true)
    const payloads = readPayloads(parsed)
    expect(payloads.some((payload) => payload[42] === '3.6 Flash')).toBe(true)
    expect(payloads.some((payload) => typeof (payload[2] as Record<string, unknown> | null)?.['26'] === 'string')).toBe(true)
  })

  test('the prompt echo keeps only the first 60 characters', async () => {
    const token = await fetchToken(emulator.origin)
    const texts = readTexts(readFramedBody((await generate({ prompt: 'a'.repeat(100), at: token })).text))
    expect(texts.at(-1)).toBe(`Emulated answer to: ${'a'.repeat(60)}`)
  })

  test('without rt=c the answer is unframed', async () => {
    const token = await fetchToken(emulator.origin)
    const { text } = await generate({ prompt: 'hi', at: token, framed: false })
    const entries = JSON.parse(text.slice(6)) as unknown[][]
    expect(entries.some((entry) => entry[0] === 'e')).toBe(false)
    expect(entries.filter((entry) => entry[0] === 'wrb.fr').length).toBeGreaterThan(2)
  })

  test('extended thinking in the model header sends thoughts at cand[37] before the text', async () => {
    const token = await fetchToken(emulator.origin)
    const payloads = readPayloads(readFramedBody((await generate({ prompt: 'think', at: token, modelHex: '9d8ca3786ebdfbea', thinking: true })).text))
    const candidates = payloads.flatMap((payload) => (Array.isArray(payload[4]) ? [(payload[4] as unknown[][])[0] as unknown[]] : []))
    const first = candidates[0] as unknown[]
    expect((first[1] as string[])[0]).toBe('')
    const thoughts = candidates.map((candidate) => ((candidate[37] as string[][])[0] as string[])[0] as string)
    expect(thoughts[1]).toContain('Emulated thoughts about: think')
    expect(thoughts[1]?.startsWith(thoughts[0] as string)).toBe(true)
    expect((candidates.at(-1)?.[1] as string[])[0]).toBe('Emulated answer to: think')
  })

  test('a continued chat keeps its cid; a model switch gets 1050', async () => {
    const token = await fetchToken(emulator.origin)
    const first = readPayloads(readFramedBody((await generate({ prompt: 'turn one', at: token })).text))
    const ids = first.find((payload) => Array.isArray(payload[4]))?.[1] as string[]
    const rcid = ((first.find((payload) => Array.isArray(payload[4]))?.[4] as unknown[][])[0] as unknown[])[0] as string
    const context = (first.find((payload) => (payload[2] as Record<string, unknown> | null)?.['26'] !== undefined)?.[2] as Record<string, string>)['26']
    const conversation = [ids[0], ids[1], rcid, null, null, null, null, null, null, context]
    const second = readFramedBody((await generate({ prompt: 'turn two', at: token, conversation })).text)
    expect((readPayloads(second).find((payload) => Array.isArray(payload[4]))?.[1] as string[])[0]).toBe(ids[0] as string)
    const switched = readFramedBody((await generate({ prompt: 'turn three', at: token, conversation, modelHex: '9d8ca3786ebdfbea' })).text)
    expect(readBardErrorCodes(switched)).toEqual([1050])
  })

  test('an unknown model hex gets in-stream 1052', async () => {
    const token = await fetchToken(emulator.origin)
    const { status, text } = await generate({ prompt: 'hi', at: token, modelHex: '0000000000000000' })
    expect(status).toBe(200)
    expect(readBardErrorCodes(readFramedBody(text))).toEqual([1052])
  })

  test('a UUID that differs between header and inner[59] is a 400 er', async () => {
    const token = await fetchToken(emulator.origin)
    const { status, text } = await generate({ prompt: 'hi', at: token, headerUuid: crypto.randomUUID().toUpperCase() })
    expect(status).toBe(400)
    expect(readFramedBody(text).chunks[0]?.[0]).toEqual(['er', null, null, null, null, 400, null, null, null, 3])
  })

  test('a missing at (signed in, xsrf required) is the xsrf 400', async () => {
    const { status, text } = await generate({ prompt: 'hi', at: null })
    expect(status).toBe(400)
    expect(text).toContain('"xsrf"')
  })

  test('a wrong f.sid is a 400 er', async () => {
    const token = await fetchToken(emulator.origin)
    expect((await generate({ prompt: 'hi', at: token, sessionId: '42' })).status).toBe(400)
  })

  test('an anonymous request is answered and ends with 1096 (not persisted)', async () => {
    const { status, text } = await generate({ prompt: 'hi', at: null, cookie: null })
    expect(status).toBe(200)
    const parsed = readFramedBody(text)
    expect(readTexts(parsed).at(-1)).toBe('Emulated answer to: hi')
    expect(readBardErrorCodes(parsed)).toEqual([1096])
  })

  test('a generated image answer carries a gg-dl URL at cand[12][7][0][0][0][3][3]', async () => {
    const token = await fetchToken(emulator.origin)
    const payloads = readPayloads(readFramedBody((await generate({ prompt: 'draw a cat', at: token })).text))
    const final = payloads.filter((payload) => Array.isArray(payload[4])).at(-1) as unknown[]
    const candidate = (final[4] as unknown[][])[0] as unknown[]
    const url = (((((candidate[12] as unknown[])[7] as unknown[][])[0] as unknown[][])[0] as unknown[][])[0] as unknown[][])[3]?.[3]
    expect(String(url)).toStartWith('https://lh3.googleusercontent.com/gg-dl/')
  })

  test('an unaccepted __Secure-1PSID gets 401', async () => {
    const strict = await startEmulator({ acceptedPsid: 'the-right-one' })
    try {
      const response = await fetch(createGenerateRequest(strict.origin, { prompt: 'hi', at: 'x' }))
      expect(response.status).toBe(401)
    } finally {
      await strict.stop()
    }
  })
})

describe('batchexecute', () => {
  test('otAQ7b answers status 1000 and a model list; other ids get "[]"', async () => {
    const token = await fetchToken(emulator.origin)
    const form = new URLSearchParams({ at: token ?? '', 'f.req': JSON.stringify([[['otAQ7b', '[]', null, 'generic'], ['ESY5D', '[[["bard_activity_enabled"]]]', null, 'generic']]]) })
    const response = await fetch(`${emulator.origin}${paths.batchExecute}?rpcids=otAQ7b,ESY5D&hl=en&_reqid=1&rt=c&source-path=/app`, {
      method: 'POST',
      headers: { cookie: signedInCookie, 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: form,
    })
    expect(response.status).toBe(200)
    const parsed = readFramedBody(await response.text())
    const envelopes = parsed.chunks[0] as unknown[][]
    const status = JSON.parse(envelopes[0]?.[2] as string) as unknown[]
    expect(status[14]).toBe(1000)
    expect((status[15] as unknown[][]).map((model) => model[0])).toContain('fbb127bbb056c959')
    expect(envelopes[1]).toEqual(['wrb.fr', 'ESY5D', '[]', null, null, null, 'generic'])
  })

  test('rpcids that do not match f.req are a 400', async () => {
    const response = await fetch(`${emulator.origin}${paths.batchExecute}?rpcids=MaZiqc&rt=c`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'f.req': JSON.stringify([[['otAQ7b', '[]', null, 'generic']]]) }),
    })
    expect(response.status).toBe(400)
  })
})

describe('RotateCookies', () => {
  for (const [label, body] of [['legacy', '[000,"-0000000000000000000"]'], ['2026', '[{"cookieName":"__Secure-1PSIDTS","refreshStrategy":"ROTATE"}]']] as const) {
    test(`the ${label} body issues a new __Secure-1PSIDTS`, async () => {
      const before = emulator.state.rotations
      const response = await fetch(`${emulator.origin}${paths.rotateCookies}`, { method: 'POST', headers: { cookie: rotationCookie, 'content-type': 'application/json' }, body })
      expect(response.status).toBe(200)
      const cookies = response.headers.getSetCookie()
      const issued = cookies.find((cookie) => cookie.startsWith('__Secure-1PSIDTS='))
      expect(issued).toContain('Domain=.google.com')
      expect(issued?.slice('__Secure-1PSIDTS='.length).split(';')[0]).toBe(emulator.state.currentPsidts as string)
      expect(cookies.some((cookie) => cookie.startsWith('__Secure-3PSIDTS='))).toBe(true)
      expect(emulator.state.rotations).toBe(before + 1)
    })
  }

  test('an unknown body is a 400 and no cookie is a 401', async () => {
    const bad = await fetch(`${emulator.origin}${paths.rotateCookies}`, { method: 'POST', headers: { cookie: rotationCookie, 'content-type': 'application/json' }, body: '[1]' })
    expect(bad.status).toBe(400)
    const anonymous = await fetch(`${emulator.origin}${paths.rotateCookies}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[000,"-0000000000000000000"]' })
    expect(anonymous.status).toBe(401)
  })
})

describe('upload', () => {
  const uploadHeaders = { 'push-id': 'feeds/mcudyrk2a4khkz', 'x-tenant-id': 'bard-storage' }

  test('multipart upload returns an identifier a prompt can reference', async () => {
    const form = new FormData()
    form.set('file', new File([new Uint8Array([1, 2, 3])], 'notes.txt', { type: 'text/plain' }))
    const response = await fetch(`${emulator.origin}/upload`, { method: 'POST', headers: uploadHeaders, body: form })
    expect(response.status).toBe(200)
    const identifier = await response.text()
    expect(identifier).toStartWith('/contrib_service/ttl_1d/')
    const token = await fetchToken(emulator.origin)
    const { text } = await generate({ prompt: 'summarise', at: token, files: [[[identifier, 1], 'notes.txt']] })
    expect(readTexts(readFramedBody(text)).at(-1)).toBe('Emulated answer to: summarise')
  })

  test('two-step resumable upload: start, then upload, finalize to X-Goog-Upload-URL', async () => {
    const start = await fetch(`${emulator.origin}/upload/`, {
      method: 'POST',
      headers: { ...uploadHeaders, 'x-goog-upload-command': 'start', 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-header-content-length': '4', 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: 'File name: a.bin',
    })
    const sessionUrl = new URL(start.headers.get('x-goog-upload-url') as string)
    expect(sessionUrl.origin).toBe('https://content-push.googleapis.com')
    const finish = await fetch(`${emulator.origin}${sessionUrl.pathname}${sessionUrl.search}`, {
      method: 'POST',
      headers: { 'x-goog-upload-command': 'upload, finalize', 'x-goog-upload-offset': '0' },
      body: new Uint8Array([9, 8, 7, 6]),
    })
    expect(finish.status).toBe(200)
    expect(await finish.text()).toStartWith('/contrib_service/ttl_1d/')
  })

  test('a missing Push-ID is refused and an unknown file reference gets 1100', async () => {
    const form = new FormData()
    form.set('file', new File(['x'], 'x.txt'))
    expect((await fetch(`${emulator.origin}/upload`, { method: 'POST', body: form })).status).toBe(401)
    const token = await fetchToken(emulator.origin)
    const { text } = await generate({ prompt: 'look', at: token, files: [[['/contrib_service/ttl_1d/unknown', 1], 'x.txt']] })
    expect(readBardErrorCodes(readFramedBody(text))).toEqual([1100])
  })
})

describe('state', () => {
  test('the request log masks cookie values and the at token', () => {
    const logged = emulator.state.requests.find((request) => request.form?.at !== undefined)
    expect(logged?.form?.at).toBe('***')
    const withCookie = emulator.state.requests.find((request) => request.headers.cookie !== undefined)
    expect(withCookie?.headers.cookie).not.toContain('test-psid-value')
    expect(emulator.state.conversations).toBeGreaterThan(0)
    expect(emulator.state.uploads).toBeGreaterThan(0)
  })
})
