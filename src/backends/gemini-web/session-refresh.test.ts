/**
 * Concurrent requests share one session refresh; a client that leaves during it stops only its
 * own wait. (Found in review: the shared load ran on the first caller's signal, so one abort
 * failed every waiting request with 499, or 500 on a first session.)
 */

import { describe, expect, test } from 'bun:test'
import { useEmulator } from '../../../test/helpers/use-emulator.ts'
import { silentLogger } from '../../lib/logger.ts'
import { createGeminiWebBackend } from './index.ts'
import { collect, createCallContext, createTestConfig, findModel, textRequest } from '../../../test/helpers/gemini-web-test-support.ts'

const emulator = useEmulator()

/** Delays the app page so a refresh is in flight while the test aborts one caller. */
function slowAppPage(enabled: () => boolean): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    if (enabled() && String(input instanceof Request ? input.url : input).includes('/app')) await Bun.sleep(300)
    return fetch(input, init)
  }) as typeof fetch
}

async function abortOneOfTwo(backend: ReturnType<typeof createGeminiWebBackend>) {
  const flash = findModel('gemini-2.5-flash')
  const leaving = new AbortController()
  const first = collect(backend, textRequest('hello A'), flash, createCallContext(leaving.signal))
  await Bun.sleep(20)
  const second = collect(backend, textRequest('hello B'), flash, createCallContext(new AbortController().signal))
  await Bun.sleep(50)
  leaving.abort(new DOMException('The client closed the request', 'AbortError'))
  return Promise.all([first, second])
}

describe('shared session refresh', () => {
  test('the first session of a new account survives one waiting client leaving', async () => {
    const backend = createGeminiWebBackend({ config: createTestConfig(emulator().origin), logger: silentLogger, fetch: slowAppPage(() => true) })
    const [left, stayed] = await abortOneOfTwo(backend)
    expect(left.thrown?.kind).toBe('client_closed')
    expect(stayed.thrown).toBeNull()
    expect(stayed.text).toBe('Emulated answer to: hello B')
    await backend.stop?.()
  })

  test('a refresh of expired tokens survives one waiting client leaving', async () => {
    let offset = 0
    let slow = false
    const backend = createGeminiWebBackend({ config: createTestConfig(emulator().origin), logger: silentLogger, fetch: slowAppPage(() => slow), now: () => Date.now() + offset })
    await backend.start?.()
    offset = 10 * 3600 * 1000
    slow = true
    const [left, stayed] = await abortOneOfTwo(backend)
    expect(left.thrown?.kind).toBe('client_closed')
    expect(stayed.thrown).toBeNull()
    await backend.stop?.()
  })
})
