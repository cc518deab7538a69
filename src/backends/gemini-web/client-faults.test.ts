import { describe, expect, test } from 'bun:test'
import type { FaultName, FaultOptions } from '../../demo/emulator/index.ts'
import { useEmulator } from '../../../test/helpers/use-emulator.ts'
import type { ErrorKind } from '../../core/errors.ts'
import type { Config } from '../../config/schema.ts'
import { silentLogger } from '../../lib/logger.ts'
import { createGeminiWebBackend } from './index.ts'
import { collect, createTestConfig, findModel, textRequest } from '../../../test/helpers/gemini-web-test-support.ts'

const emulator = useEmulator()

const secretPsid = 'secret-psid-for-fault-tests'

function createBackend(upstream: Partial<Config['upstream']> = {}) {
  const config = createTestConfig(emulator().origin, { psid: secretPsid, upstream })
  return createGeminiWebBackend({ config, logger: silentLogger })
}

const flash = findModel('gemini-2.5-flash')
const imageModel = findModel('gemini-3-pro-image-preview')

type Case = { fault: FaultName; options?: FaultOptions; kind: ErrorKind; scope?: 'request' | 'credential' | 'server'; model?: typeof flash; prompt?: string }

const failing: Case[] = [
  { fault: 'signed-out-page', kind: 'upstream_unauthenticated' },
  { fault: 'redirect-login', kind: 'upstream_unauthenticated' },
  { fault: 'redirect-sorry', kind: 'upstream_rate_limited', scope: 'credential' },
  { fault: 'redirect-consent', kind: 'upstream_unauthenticated' },
  { fault: 'app-http-status', options: { status: 502 }, kind: 'upstream_unavailable' },
  { fault: 'generate-http-status', options: { status: 401 }, kind: 'upstream_unauthenticated', scope: 'credential' },
  { fault: 'generate-http-status', options: { status: 403 }, kind: 'upstream_unauthenticated', scope: 'credential' },
  { fault: 'generate-http-status', options: { status: 429 }, kind: 'upstream_rate_limited', scope: 'credential' },
  { fault: 'generate-http-status', options: { status: 500 }, kind: 'upstream_unavailable', scope: 'server' },
  { fault: 'generate-http-status', options: { status: 502 }, kind: 'upstream_unavailable' },
  { fault: 'generate-http-status', options: { status: 503 }, kind: 'upstream_unavailable' },
  { fault: 'bard-error', options: { code: 1013 }, kind: 'upstream_unavailable', scope: 'server' },
  { fault: 'bard-error', options: { code: 1037 }, kind: 'upstream_rate_limited', scope: 'credential' },
  { fault: 'bard-error', options: { code: 1050 }, kind: 'upstream_bad_response', scope: 'request' },
  { fault: 'bard-error', options: { code: 1052 }, kind: 'model_not_found', scope: 'request' },
  { fault: 'bard-error', options: { code: 1060 }, kind: 'upstream_rate_limited', scope: 'credential' },
  { fault: 'bard-error', options: { code: 1095 }, kind: 'upstream_rate_limited', scope: 'credential' },
  { fault: 'bard-error', options: { code: 1096 }, kind: 'upstream_bad_response', scope: 'request' },
  { fault: 'bard-error', options: { code: 1100 }, kind: 'unsupported_feature', scope: 'request' },
  { fault: 'bard-error', options: { code: 1155 }, kind: 'upstream_unavailable' },
  { fault: 'bard-error', options: { code: 1053 }, kind: 'unsupported_feature', scope: 'request' },
  { fault: 'bard-error', options: { code: 1999 }, kind: 'upstream_bad_response' },
  { fault: 'status-only', kind: 'upstream_bad_response' },
  { fault: 'empty-answer', kind: 'upstream_bad_response' },
  { fault: 'upload-status', options: { status: 500 }, kind: 'upstream_unavailable', prompt: 'with-upload' },
  { fault: 'upload-status', options: { status: 413 }, kind: 'payload_too_large', prompt: 'with-upload' },
  { fault: 'attestation-required', kind: 'unsupported_feature', model: imageModel, prompt: 'generate an image of a boat' },
]

const pixel = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1])

function requestFor(prompt: string | undefined) {
  if (prompt !== 'with-upload') return textRequest(prompt ?? 'Hello')
  return textRequest('', { messages: [{ role: 'user', parts: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: { kind: 'bytes', data: pixel, mimeType: 'image/png' } }] }] })
}

describe('each fault gives the right error kind', () => {
  for (const entry of failing) {
    test(`${entry.fault} ${JSON.stringify(entry.options ?? {})} → ${entry.kind}`, async () => {
      emulator().faults.set(entry.fault, entry.options)
      const backend = createBackend()
      const result = await collect(backend, requestFor(entry.prompt), entry.model ?? flash)
      const error = result.thrown ?? result.error
      expect(error?.kind).toBe(entry.kind)
      if (entry.scope) expect(error?.scope).toBe(entry.scope)
      expect(error?.message).not.toContain(secretPsid)
      const account = backend.status().accounts[0]
      if (error?.scope === 'credential') expect(account?.lastError?.kind).toBe(entry.kind)
      if (error?.scope === 'request') expect(account?.lastError).toBeNull()
      // 1037 rests that model on the account; the other limits rest the whole account.
      if (entry.kind === 'upstream_rate_limited' && entry.options?.code === 1037) {
        expect(account?.modelCooldowns.flash).toBeString()
        expect(account?.coolingDownUntil).toBeNull()
      } else if (entry.kind === 'upstream_rate_limited') expect(account?.coolingDownUntil).not.toBeNull()
    })
  }

  test('a signed-out page makes the account not ready', async () => {
    emulator().faults.set('signed-out-page')
    const backend = createBackend()
    await backend.start?.()
    expect(backend.status().ready).toBe(false)
    expect(backend.status().accounts[0]?.signedIn).toBe(false)
    await backend.stop?.()
  })
})

describe('recoverable faults', () => {
  test('an empty 200 once: asked once more, then answered', async () => {
    emulator().faults.set('empty-answer', { times: 1 })
    const before = emulator().state.requests.length
    const result = await collect(createBackend(), textRequest('Hello empty'), flash)
    expect(result.thrown).toBeNull()
    expect(result.text).toBe('Emulated answer to: Hello empty')
    expect(emulator().state.requests.slice(before).filter((request) => request.path.endsWith('/StreamGenerate'))).toHaveLength(2)
  })

  test('1155 without content once: asked once more, then answered', async () => {
    emulator().faults.set('bard-error', { code: 1155, times: 1 })
    const result = await collect(createBackend(), textRequest('Hello 1155'), flash)
    expect(result.thrown).toBeNull()
    expect(result.text).toBe('Emulated answer to: Hello 1155')
  })

  test('a usage limit (1037) is not asked again: it is the account, not a glitch', async () => {
    emulator().faults.set('bard-error', { code: 1037, times: 1 })
    const before = emulator().state.requests.length
    const result = await collect(createBackend(), textRequest('Hello limit'), flash)
    expect(result.thrown?.kind).toBe('upstream_rate_limited')
    expect(emulator().state.requests.slice(before).filter((request) => request.path.endsWith('/StreamGenerate'))).toHaveLength(1)
  })

  test('xsrf 400 once: the token is refetched and the request retried', async () => {
    emulator().faults.set('xsrf-400', { times: 1 })
    const result = await collect(createBackend(), textRequest('Hello xsrf'), flash)
    expect(result.thrown).toBeNull()
    expect(result.text).toBe('Emulated answer to: Hello xsrf')
  })

  test('a page without SNlM0e once: the xsrf 400 leads to a refetch', async () => {
    emulator().faults.set('no-snlm0e', { times: 1 })
    const result = await collect(createBackend(), textRequest('Hello token'), flash)
    expect(result.thrown).toBeNull()
    expect(result.text).toBe('Emulated answer to: Hello token')
  })

  test('401 once: one forced rotation, then success', async () => {
    const backend = createBackend()
    await backend.listUpstreamModels('default')
    const rotations = emulator().state.rotations
    emulator().faults.set('generate-http-status', { status: 401, times: 1 })
    const result = await collect(backend, textRequest('Hello again'), flash)
    expect(result.thrown).toBeNull()
    expect(emulator().state.rotations).toBe(rotations + 1)
  })

  test('a 1096 after complete content is not a failure', async () => {
    emulator().faults.set('bard-error-after-content', { code: 1096 })
    const result = await collect(createBackend(), textRequest('Hello 1096'), flash)
    expect(result.thrown).toBeNull()
    expect(result.error).toBeNull()
    expect(result.text).toBe('Emulated answer to: Hello 1096')
  })

  test('an unframed answer (no rt=c framing) is read', async () => {
    emulator().faults.set('unframed')
    const result = await collect(createBackend(), textRequest('Hello unframed'), flash)
    expect(result.thrown).toBeNull()
    expect(result.text).toBe('Emulated answer to: Hello unframed')
  })

  test('a slow first byte within the deadline still answers', async () => {
    emulator().faults.set('slow-first-byte', { ms: 50 })
    const result = await collect(createBackend(), textRequest('Hello slow'), flash)
    expect(result.text).toBe('Emulated answer to: Hello slow')
  })
})

describe('deadlines and broken streams', () => {
  test('overall ceiling → upstream_timeout', async () => {
    emulator().faults.set('slow-first-byte', { ms: 5000 })
    const result = await collect(createBackend({ requestTimeoutSeconds: 0.3 }), textRequest('Hello'), flash)
    expect((result.thrown ?? result.error)?.kind).toBe('upstream_timeout')
  })

  test('a stream that stalls → upstream_timeout (idle gap)', async () => {
    emulator().faults.set('stall-after-frames', { frames: 2 })
    const result = await collect(createBackend({ streamIdleTimeoutSeconds: 0.3 }), textRequest('Hello stall'), flash)
    expect((result.thrown ?? result.error)?.kind).toBe('upstream_timeout')
  })

  test('a connection cut mid-frame is an error, not a short success', async () => {
    emulator().faults.set('cut-mid-frame')
    const result = await collect(createBackend(), textRequest('Hello cut'), flash)
    expect(result.thrown ?? result.error).not.toBeNull()
    expect(result.parts.some((part) => part.type === 'finish')).toBe(false)
  })

  test('an image download failure arrives as an error part after the text', async () => {
    emulator().faults.set('image-download-status', { status: 500 })
    const result = await collect(createBackend(), textRequest('generate an image of a tree'), imageModel)
    expect(result.error?.kind ?? result.thrown?.kind).toBe('upstream_unavailable')
  })
})

describe('rotation', () => {
  test('success: a new 1PSIDTS is stored and reported', async () => {
    const backend = createBackend()
    const before = emulator().state.rotations
    await backend.rotateNow('default')
    expect(emulator().state.rotations).toBe(before + 1)
    const account = backend.status().accounts[0]
    expect(account?.lastRotationAt).not.toBeNull()
    expect(account?.lastRotationError).toBeNull()
  })

  test('no new cookie in the answer is a reported failure', async () => {
    emulator().faults.set('rotation-no-psidts')
    const backend = createBackend()
    await expect(backend.rotateNow('default')).rejects.toThrow('without a new __Secure-1PSIDTS')
    expect(backend.status().accounts[0]?.lastRotationError).toContain('__Secure-1PSIDTS')
  })

  for (const status of [401, 429, 400]) {
    test(`HTTP ${status} is a reported failure`, async () => {
      emulator().faults.set('rotation-status', { status })
      const backend = createBackend()
      await expect(backend.rotateNow('default')).rejects.toThrow(String(status))
      expect(backend.status().accounts[0]?.lastRotationError).toContain(String(status))
    })
  }

  test('RotateCookies answering 401 while the page still signs in: device-bound, with the fix and a predicted end', async () => {
    const backend = createBackend()
    await backend.start?.()
    emulator().faults.set('rotation-status', { status: 401 })
    await expect(backend.rotateNow('default')).rejects.toThrow('401')
    const account = backend.status().accounts[0]!
    expect(account.state).toBe('device-bound')
    expect(account.fix).toContain('Firefox')
    expect(account.predictedExpiry).toBeString()
    emulator().faults.clear()
    await backend.rotateNow('default')
    expect(backend.status().accounts[0]!.state).toBe('ready')
    await backend.stop?.()
  })

  test('concurrent rotations coalesce into one request', async () => {
    const backend = createBackend()
    const before = emulator().state.rotations
    await Promise.all([backend.rotateNow('default'), backend.rotateNow('default'), backend.rotateNow('default')])
    expect(emulator().state.rotations).toBe(before + 1)
  })
})
