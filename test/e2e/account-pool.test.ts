/**
 * The account pool as operators rely on it, on the real runtime against the emulator: a signed-out
 * account never fails a request another can serve; a usage limit of one model rests that model on
 * that account only; a server started without cookies takes its first account through the admin
 * API (and the CLI) and keeps it across a restart; the alert webhook fires once when an account
 * dies and once when it recovers.
 */

import { afterAll, afterEach, describe, expect, it } from 'bun:test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { buildConfig } from '../../src/config/load-config.ts'
import { startEmulator, type Emulator } from '../../src/demo/emulator/index.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime, type Runtime } from '../../src/runtime.ts'
import { getPath, postJson } from '../helpers/create-test-app.ts'

const running: Array<{ stop(): Promise<void> }> = []
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.stop()
})

async function startRuntime(emulator: Emulator, file: Record<string, unknown>): Promise<Runtime> {
  const config = buildConfig({ file: { rateLimit: { enabled: false }, upstream: { rotationIntervalSeconds: 0, origin: emulator.origin }, accountPool: { pageRefreshIntervalSeconds: 0 }, ...file }, env: {} })
  const runtime = createRuntime(config, createLogger({ level: 'silent' }))
  await runtime.start()
  running.push(runtime)
  return runtime
}

async function emulatorWith(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const emulator = await startEmulator(options)
  running.push(emulator)
  return emulator
}

type Status = { accounts: Array<{ id: string; state: string; last_good_at: string | null; model_cooldowns: Record<string, string> }> }

async function statusOf(runtime: Runtime): Promise<Status> {
  return (await (await runtime.app.handle(getPath('/api/cookies/status'))).json()) as Status
}

const chat = (model: string, content = 'hello') => postJson('/v1/chat/completions', { model, messages: [{ role: 'user', content }] })
const gemini = (model: string) => postJson(`/gemini/v1beta/models/${model}:generateContent`, { contents: 'hello' })

describe('account pool', () => {
  it('two accounts, one signed out: every request is answered by the other, without a 5xx', async () => {
    const emulator = await emulatorWith({ acceptedPsid: 'psid-of-the-good-account' })
    const runtime = await startRuntime(emulator, { dataDir: mkdtempSync(join(tmpdir(), 'pool-')), accounts: [{ id: 'dead', psid: 'psid-that-expired' }, { id: 'alive', psid: 'psid-of-the-good-account' }] })
    const statuses: number[] = []
    for (let index = 0; index < 6; index++) {
      statuses.push((await runtime.app.handle(chat('gemini-2.5-flash'))).status, (await runtime.app.handle(gemini('gemini-2.5-pro'))).status)
    }
    expect(statuses.every((status) => status === 200)).toBe(true)
    const status = await statusOf(runtime)
    expect(status.accounts.find((account) => account.id === 'dead')?.state).toBe('signed-out')
    expect(status.accounts.find((account) => account.id === 'alive')?.state).toBe('ready')
  })

  it('a usage limit (1037) on one model of account A: A keeps serving other models, B serves that model', async () => {
    const emulator = await emulatorWith()
    const runtime = await startRuntime(emulator, { dataDir: mkdtempSync(join(tmpdir(), 'pool-')), accounts: [{ id: 'a', psid: 'psid-a' }, { id: 'b', psid: 'psid-b' }] })
    emulator.faults.set('bard-error', { code: 1037, times: 1 })
    expect((await runtime.app.handle(chat('gemini-2.5-flash'))).status).toBe(200)
    const afterLimit = await statusOf(runtime)
    const limited = afterLimit.accounts.find((account) => account.model_cooldowns.flash !== undefined)!
    const other = afterLimit.accounts.find((account) => account.id !== limited.id)!
    expect(limited.state).toBe('cooling')
    expect(other.last_good_at).not.toBeNull()

    // The limited account serves another model (least recently used: it is next).
    expect((await runtime.app.handle(chat('gemini-2.5-pro'))).status).toBe(200)
    const afterPro = await statusOf(runtime)
    expect(afterPro.accounts.find((account) => account.id === limited.id)!.last_good_at).not.toBeNull()

    // The limited model keeps going to the other account.
    for (let index = 0; index < 3; index++) expect((await runtime.app.handle(chat('gemini-2.5-flash'))).status).toBe(200)
    const final = await statusOf(runtime)
    expect(final.accounts.find((account) => account.id === limited.id)!.model_cooldowns.flash).toBeString()
    expect(final.accounts.find((account) => account.id === other.id)!.model_cooldowns.flash).toBeUndefined()
  })

  it('every account resting: 429 with Retry-After until the earliest one can serve', async () => {
    const emulator = await emulatorWith()
    const runtime = await startRuntime(emulator, { dataDir: mkdtempSync(join(tmpdir(), 'pool-')), accounts: [{ id: 'only', psid: 'psid-only' }] })
    emulator.faults.set('bard-error', { code: 1037, times: 1 })
    expect((await runtime.app.handle(chat('gemini-2.5-flash'))).status).toBe(429)
    const response = await runtime.app.handle(chat('gemini-2.5-flash'))
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect((await runtime.app.handle(chat('gemini-2.5-pro'))).status).toBe(200)
  })
})

describe('accounts at run time', () => {
  it('a server started with no cookies takes its first account through the admin API and keeps it after a restart', async () => {
    const emulator = await emulatorWith()
    const dataDir = mkdtempSync(join(tmpdir(), 'pool-empty-'))
    const first = await startRuntime(emulator, { dataDir })
    const before = await first.app.handle(chat('gemini-2.5-flash'))
    expect(before.status).toBe(503)
    expect(before.headers.get('retry-after')).not.toBeNull()

    const refused = await first.app.handle(postJson('/api/admin/accounts', { id: 'work', cookies: 'NID=1' }))
    expect(refused.status).toBe(400)
    emulator.faults.set('signed-out-page', { times: 1 })
    const notSignedIn = await first.app.handle(postJson('/api/admin/accounts', { id: 'work', cookies: '__Secure-1PSID=dead-cookie; __Secure-1PSIDTS=x' }))
    expect(notSignedIn.status).toBe(422)

    const added = await first.app.handle(postJson('/api/admin/accounts', { id: 'work', cookies: '__Secure-1PSID=fresh-cookie-value; __Secure-1PSIDTS=sidts-fresh' }))
    expect(added.status).toBe(201)
    expect(((await added.json()) as { account: { state: string } }).account.state).toBe('ready')
    expect((await first.app.handle(chat('gemini-2.5-flash'))).status).toBe(200)
    await first.stop()
    running.splice(running.indexOf(first), 1)

    const second = await startRuntime(emulator, { dataDir })
    expect((await statusOf(second)).accounts.map((account) => [account.id, account.state])).toEqual([['work', 'ready']])
    expect((await second.app.handle(chat('gemini-2.5-flash'))).status).toBe(200)
  })

  it('a replacement that does not sign in is refused with 422 and the old cookies keep serving', async () => {
    const emulator = await emulatorWith({ acceptedPsid: 'psid-good' })
    const runtime = await startRuntime(emulator, { dataDir: mkdtempSync(join(tmpdir(), 'pool-')), accounts: [{ id: 'main', psid: 'psid-good' }] })
    const request = new Request('http://localhost/api/admin/accounts/main/cookies', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cookies: { '__Secure-1PSID': 'psid-bad' } }) })
    const response = await runtime.app.handle(request)
    expect(response.status).toBe(422)
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('do not sign in')
    expect((await runtime.app.handle(chat('gemini-2.5-flash'))).status).toBe(200)
  })

  it('the CLI adds an account to a running server, and to DATA_DIR when none runs', async () => {
    const emulator = await emulatorWith()
    const dataDir = mkdtempSync(join(tmpdir(), 'pool-cli-'))
    const runtime = await startRuntime(emulator, { dataDir })
    const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => runtime.app.handle(request) })
    running.push({ stop: () => server.stop(true) })
    const cookieFile = resolve(import.meta.dir, '../fixtures/cookie-exports/cookies.txt')
    // The server runs in this process, so the CLI must run without blocking it (spawn, not spawnSync).
    const cli = async (args: string[], env: Record<string, string>) => {
      const child = Bun.spawn([process.execPath, 'run', resolve(import.meta.dir, '../../src/main.ts'), 'accounts', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdout: 'pipe', stderr: 'pipe' })
      const [stdout, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited])
      return { stdout, exitCode }
    }
    const online = await cli(['add', '--file', cookieFile, '--id', 'from-cli', '--server', `http://127.0.0.1:${server.port}`], { DATA_DIR: dataDir })
    expect(online).toEqual({ exitCode: 0, stdout: expect.stringContaining('added from-cli: ready') })
    const list = await cli(['list', '--server', `http://127.0.0.1:${server.port}`], { DATA_DIR: dataDir })
    expect(list.stdout).toContain('from-cli: ready')

    const offlineDir = mkdtempSync(join(tmpdir(), 'pool-cli-offline-'))
    const offline = await cli(['add', '--file', cookieFile, '--id', 'later', '--data-dir', offlineDir], { PORT: '9' })
    expect(offline.exitCode).toBe(0)
    const later = await startRuntime(emulator, { dataDir: offlineDir })
    expect((await statusOf(later)).accounts.map((account) => [account.id, account.state])).toEqual([['later', 'ready']])
  })
})

describe('alerts', () => {
  const received: Array<Record<string, unknown>> = []
  const receiver = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      received.push((await request.json()) as Record<string, unknown>)
      return new Response('ok')
    },
  })
  afterAll(() => receiver.stop(true))

  it('the webhook fires once when an account dies and once when it recovers', async () => {
    const emulator = await emulatorWith()
    const runtime = await startRuntime(emulator, { dataDir: mkdtempSync(join(tmpdir(), 'pool-alerts-')), accounts: [{ id: 'main', psid: 'psid-main' }], alerts: { webhookUrl: `http://127.0.0.1:${receiver.port}/hook` } })
    const check = () => runtime.app.handle(postJson('/api/admin/accounts/main/check', {}))
    emulator.faults.set('signed-out-page')
    await check()
    await check()
    emulator.faults.clear()
    await check()
    await check()
    for (let wait = 0; wait < 50 && received.filter((event) => event.type === 'account-state').length < 2; wait++) await Bun.sleep(20)
    const accountEvents = received.filter((event) => event.type === 'account-state')
    expect(accountEvents.map((event) => [event.account, event.from, event.to])).toEqual([
      ['main', 'ready', 'signed-out'],
      ['main', 'signed-out', 'ready'],
    ])
    expect(String(accountEvents[0]!.text)).toContain('account main is signed-out')
    expect(received.filter((event) => event.type === 'pool').map((event) => event.ready)).toEqual([false, true])
    // Issue reproducer: the recovered account no longer reports the sign-in error.
    const status = (await runtime.app.handle(getPath('/api/cookies/status')).then((response) => response.json())) as { accounts: Array<{ state: string; last_error: unknown }> }
    expect(status.accounts[0]).toMatchObject({ state: 'ready', last_error: null })
  })
})
