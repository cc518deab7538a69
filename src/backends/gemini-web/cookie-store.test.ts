import { afterAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CookieStore } from './cookie-store.ts'

const directory = mkdtempSync(join(tmpdir(), 'cookie-store-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

const state = { lastRotationAt: null, lastRotationError: null }
const failOnError = (error: unknown) => {
  throw error
}

describe('CookieStore persistence', () => {
  it('coalesces a burst of changes into one delayed write holding the latest jar', async () => {
    const file = join(directory, 'burst.cookies.json')
    const store = new CookieStore(file)
    for (let index = 0; index < 50; index += 1) {
      store.merge([`SIDCC=value-${index}; Domain=.google.com; Path=/; Secure`], 'https://gemini.google.com/app')
      store.saveSoon(state, failOnError, 30)
    }
    expect(() => statSync(file)).toThrow()
    await Bun.sleep(120)
    expect(readFileSync(file, 'utf8')).toContain('value-49')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('writes at once on save, cancelling a pending delayed write, and reloads what it wrote', async () => {
    const file = join(directory, 'now.cookies.json')
    const store = new CookieStore(file)
    store.setNamed('__Secure-1PSID', 'psid-for-store-test')
    store.saveSoon(state, failOnError, 60_000)
    await store.save({ lastRotationAt: 1234, lastRotationError: null })
    const reloaded = new CookieStore(file)
    expect(await reloaded.load()).toEqual({ lastRotationAt: 1234, lastRotationError: null })
    expect(reloaded.value('__Secure-1PSID')).toBe('psid-for-store-test')
  })

  it('removes at load the temporary file a killed process left behind (issue reproducer)', async () => {
    const file = join(directory, 'killed.cookies.json')
    const store = new CookieStore(file)
    store.setNamed('__Secure-1PSID', 'psid-before-kill')
    await store.save(state)
    // What SIGKILL between writeFile and rename leaves: a pid that no longer runs.
    writeFileSync(`${file}.4194305.tmp`, '{"jar":"half written"}')
    expect(await new CookieStore(file).load()).toEqual(state)
    expect(readdirSync(directory).filter((name) => name.startsWith('killed.'))).toEqual(['killed.cookies.json'])
  })

  it('joins saves that arrive while a write is queued', async () => {
    const store = new CookieStore(join(directory, 'queued.cookies.json'))
    const first = store.save(state)
    const second = store.save(state)
    const third = store.save(state)
    expect(second).toBe(third)
    await Promise.all([first, second, third])
  })
})
