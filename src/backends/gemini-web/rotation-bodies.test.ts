/**
 * Cookie rotation against an upstream that understands only one RotateCookies body: with
 * `rotationBody: auto` the legacy body goes first and the JSON body follows its 400; the body that
 * worked is remembered across restarts and tried first; only the two session cookies are sent.
 */

import { afterEach, describe, expect, test } from 'bun:test'
import { startEmulator, type Emulator } from '../../demo/emulator/index.ts'
import { createTestConfig } from '../../../test/helpers/gemini-web-test-support.ts'
import { silentLogger } from '../../lib/logger.ts'
import { createGeminiWebBackend } from './index.ts'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

function rotationRequests(running: Emulator) {
  return running.state.requests.filter((request) => request.path === '/RotateCookies')
}

describe('rotation bodies', () => {
  test('an upstream that takes only the legacy body: one request, the legacy body remembered', async () => {
    emulator = await startEmulator({ rotationBodies: 'legacy-only' })
    const backend = createGeminiWebBackend({ config: createTestConfig(emulator.origin), logger: silentLogger })
    await backend.rotateNow('default')
    expect(rotationRequests(emulator)).toHaveLength(1)
    expect(emulator.state.rotations).toBe(1)
    expect(rotationRequests(emulator)[0]!.headers.origin).toBe('https://accounts.google.com')
  })

  test('an upstream that takes only the JSON body: legacy answers 400, the JSON body rotates, and is tried first after a restart', async () => {
    emulator = await startEmulator({ rotationBodies: 'json-only' })
    const config = createTestConfig(emulator.origin)
    const backend = createGeminiWebBackend({ config, logger: silentLogger })
    await backend.rotateNow('default')
    expect(rotationRequests(emulator)).toHaveLength(2)
    expect(emulator.state.rotations).toBe(1)
    await backend.stop?.()

    const restarted = createGeminiWebBackend({ config, logger: silentLogger })
    await restarted.rotateNow('default')
    expect(rotationRequests(emulator)).toHaveLength(3)
    expect(emulator.state.rotations).toBe(2)
    expect(restarted.status().accounts[0]?.lastRotationError).toBeNull()
  })

  test('only __Secure-1PSID and __Secure-1PSIDTS go to RotateCookies, whatever else the jar holds', async () => {
    emulator = await startEmulator()
    const config = createTestConfig(emulator.origin)
    config.accounts[0]!.cookies = { NID: '511=x', SAPISID: 'abc', SIDCC: 'def' }
    const backend = createGeminiWebBackend({ config, logger: silentLogger })
    await backend.rotateNow('default')
    const cookieHeader = rotationRequests(emulator)[0]!.headers.cookie ?? ''
    expect(cookieHeader.split(';').map((pair) => pair.trim().split('=')[0]).sort()).toEqual(['__Secure-1PSID', '__Secure-1PSIDTS'])
  })

  test('a configured body is the only one sent', async () => {
    emulator = await startEmulator({ rotationBodies: 'json-only' })
    const backend = createGeminiWebBackend({ config: createTestConfig(emulator.origin, { upstream: { rotationBody: 'legacy' } }), logger: silentLogger })
    await expect(backend.rotateNow('default')).rejects.toThrow('HTTP 400')
    expect(rotationRequests(emulator)).toHaveLength(1)
  })
})
