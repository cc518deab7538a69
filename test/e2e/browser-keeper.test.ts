/**
 * The browser keeper against the emulator in device-bound mode, with Debian's Chromium
 * (/usr/bin/chromium, installed by .ci/run). The emulator also serves HTTPS with a throwaway
 * certificate (test/fixtures/tls/), and the keeper's Chromium reaches it under Google's real host
 * names through `--host-resolver-rules`, so the page, its cookies (`__Secure-`, Secure, Domain
 * .google.com) and its script behave as at Google. In that mode only the page's script, holding
 * its device key in the profile, can renew __Secure-1PSIDTS, and a 1PSIDTS lives 5 s (hours
 * compressed into seconds). Checked: an account with the keeper stays signed in over several
 * lifetimes and the jar gets the renewed cookies; one without is reported device-bound with the
 * fix; a killed browser loses no request and comes back; in page-transport mode a chat answer
 * streams through the page.
 */

import { afterEach, describe, expect, it } from 'bun:test'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../src/config/load-config.ts'
import { startEmulator, type Emulator } from '../../src/demo/emulator/index.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime, type Runtime } from '../../src/runtime.ts'
import { getPath, postJson } from '../helpers/create-test-app.ts'
import { chromium } from 'playwright-core'
import { findSample, readPrometheusText } from '../helpers/read-prometheus-text.ts'
import { jarPath } from '../../src/backends/gemini-web/account-registry.ts'
import { CookieStore } from '../../src/backends/gemini-web/cookie-store.ts'
import { runAccountsLogin } from '../../src/cli/accounts-login.ts'
import { readRecordedPid } from '../../src/backends/gemini-web/browser-keeper/profile-lock.ts'
import { psidForEmail } from '../../src/demo/emulator/sign-in.ts'

const chromiumPath = '/usr/bin/chromium'
const tls = { cert: readFileSync(join(import.meta.dir, '../fixtures/tls/throwaway-cert.pem'), 'utf8'), key: readFileSync(join(import.meta.dir, '../fixtures/tls/throwaway-key.pem'), 'utf8') }
/** Long enough for a killed browser to come back with a renewed cookie (about 2 s here), as 30+ minutes are at Google. */
const psidtsLifetimeMs = 5000

const running: Array<{ stop(): Promise<void> }> = []
const dataDirectories: string[] = []
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.stop()
  for (const directory of dataDirectories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

async function startBoundEmulator(deviceBound = { psidtsLifetimeMs, pageRefreshMs: 500 }, pacing: { frameDelayMs?: number; textFrames?: number } = {}): Promise<Emulator> {
  // A missing browser must fail the suite, not skip it: .ci/run installs Debian's chromium.
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (.ci/run does)`)
  const emulator = await startEmulator({ tls, deviceBound, ...pacing })
  running.push(emulator)
  return emulator
}

type Account = { id: string; state: string; detail: string | null; fix: string | null; keeper?: { state: string; pid: number | null; restarts: number; lastCookieChangeAt: string | null; memoryBytes: number | null; transport: string } }

/** Google's host names pointed at the emulator's HTTPS port, for the browser. */
function browserSettings(emulator: Emulator): Record<string, unknown> {
  const hosts = ['gemini.google.com', 'accounts.google.com', 'www.google.com', 'content-push.googleapis.com'].map((host) => `MAP ${host}:443 127.0.0.1:${emulator.httpsPort}`).join(', ')
  return { executablePath: chromiumPath, extraArgs: [`--host-resolver-rules=${hosts}`, '--ignore-certificate-errors'], syncIntervalSeconds: 0.5, reloadIntervalSeconds: 30, restartDelaySeconds: 0.5, startTimeoutSeconds: 30 }
}

async function startGateway(emulator: Emulator, account: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Runtime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keeper-'))
  dataDirectories.push(dataDir)
  const config = buildConfig({
    file: {
      dataDir,
      rateLimit: { enabled: false },
      accounts: [{ psidts: 'sidts-seeded-from-an-export', ...account }],
      upstream: { origin: emulator.origin, rotationIntervalSeconds: 1, protocol: { rotation: { jitterSeconds: 0, minimumSpacingSeconds: 0 } } },
      accountPool: { pageRefreshIntervalSeconds: 1 },
      browser: browserSettings(emulator),
      ...extra,
    },
    env: {},
  })
  const runtime = createRuntime(config, createLogger({ level: 'silent' }))
  running.push(runtime)
  await runtime.start()
  return runtime
}

async function accountOf(runtime: Runtime): Promise<Account> {
  const body = (await (await runtime.app.handle(getPath('/api/admin/accounts'))).json()) as { accounts: Account[] }
  return body.accounts[0]!
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs
  let value = await read()
  while (!done(value) && Date.now() < until) {
    await Bun.sleep(100)
    value = await read()
  }
  return value
}

/** Whether a process descends from another (Chromium's renderers are children of its zygote). */
function isDescendant(pid: number, ancestor: number): boolean {
  let current = pid
  for (let depth = 0; depth < 8 && current > 1; depth++) {
    try {
      const stat = readFileSync(`/proc/${current}/stat`, 'utf8')
      current = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    } catch {
      return false
    }
    if (current === ancestor) return true
  }
  return false
}

const chat = (stream = false) => postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', stream, messages: [{ role: 'user', content: 'hello' }] })

describe('browser keeper', () => {
  it('keeps a device-bound session signed in across several 1PSIDTS lifetimes, and survives a killed browser', async () => {
    const emulator = await startBoundEmulator()
    const runtime = await startGateway(emulator, { id: 'kept', psid: 'psid-kept', browser: { enabled: true } })
    const started = await waitFor(() => accountOf(runtime), (account) => account.keeper?.lastCookieChangeAt != null, 10_000)
    expect(started.keeper).toMatchObject({ state: 'running', restarts: 0, transport: 'gateway' })
    expect(started.keeper!.memoryBytes).toBeGreaterThan(0)
    const firstPid = started.keeper!.pid!

    const statuses: Array<number | string> = []
    let killed = false
    const runUntil = Date.now() + psidtsLifetimeMs * 3
    // Bounded: the run ends after three lifetimes of a 1PSIDTS, whatever happens.
    while (Date.now() < runUntil) {
      const answer = await runtime.app.handle(chat())
      statuses.push(answer.status === 200 ? 200 : `${answer.status} ${await answer.text()}`)
      if (!killed && Date.now() > runUntil - psidtsLifetimeMs * 2) {
        process.kill(firstPid, 'SIGKILL')
        killed = true
      }
      await Bun.sleep(150)
    }
    expect(statuses.length).toBeGreaterThan(20)
    expect(statuses.filter((status) => status !== 200)).toEqual([])
    expect(emulator.state.boundRotations).toBeGreaterThan(6)
    // The gateway never asked RotateCookies for this account: the keeper renews it.
    expect(emulator.state.requests.filter((request) => request.path === '/RotateCookies')).toHaveLength(0)

    const after = await waitFor(() => accountOf(runtime), (account) => account.keeper?.state === 'running' && account.keeper.restarts === 1, 10_000)
    expect(after.state).toBe('ready')
    expect(after.keeper).toMatchObject({ state: 'running', restarts: 1 })
    expect(after.keeper!.pid).not.toBe(firstPid)
    // The restarted browser still holds the device key in its profile: renewals go on.
    const renewals = emulator.state.boundRotations
    await waitFor(async () => emulator.state.boundRotations, (count) => count > renewals, 5_000)
    expect(emulator.state.boundRotations).toBeGreaterThan(renewals)
    expect((await runtime.app.handle(chat())).status).toBe(200)

    // What the operator's monitoring sees of the keeper.
    const { samples } = readPrometheusText(await (await runtime.app.handle(getPath('/metrics'))).text())
    expect(findSample(samples, 'gemini_reverse_keeper_up', { account: 'kept' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_keeper_restarts_total', { account: 'kept' })).toBe(1)
    expect(findSample(samples, 'gemini_reverse_keeper_memory_bytes', { account: 'kept' })).toBeGreaterThan(10 * 1024 * 1024)
  }, 60_000)

  it("the gateway's own answers do not make the keeper copy cookies or refetch the page (issue reproducer)", async () => {
    // The browser's session barely changes here (renewals every 10 minutes): only the gateway's
    // answers set cookies, which the keeper must not take for a change in the browser.
    const emulator = await startBoundEmulator({ psidtsLifetimeMs: 600_000, pageRefreshMs: 600_000 })
    const runtime = await startGateway(emulator, { id: 'quiet', psid: 'psid-quiet', browser: { enabled: true } }, { accountPool: { pageRefreshIntervalSeconds: 0 } })
    await waitFor(() => accountOf(runtime), (account) => account.keeper?.lastCookieChangeAt != null, 10_000)
    expect((await runtime.app.handle(chat())).status).toBe(200)
    // The page's first load may still renew a cookie once: wait until the browser's cookies rest.
    let settled = (await accountOf(runtime)).keeper!.lastCookieChangeAt
    for (let check = 0; check < 20; check++) {
      await Bun.sleep(500)
      const latest = (await accountOf(runtime)).keeper!.lastCookieChangeAt
      if (latest === settled && check >= 2) break
      settled = latest
    }
    expect((await runtime.app.handle(chat())).status).toBe(200)
    // The browser sends Sec-Fetch-Mode with its page loads; the gateway's own app-page fetch does not.
    const gatewayPageLoads = () => emulator.state.requests.filter((request) => request.path.endsWith('/app') && !request.headers['sec-fetch-mode']).length
    const changes = (await accountOf(runtime)).keeper!.lastCookieChangeAt
    const loadsBefore = gatewayPageLoads()
    for (let index = 0; index < 6; index++) {
      expect((await runtime.app.handle(chat())).status).toBe(200)
      await Bun.sleep(700)
    }
    expect(gatewayPageLoads() - loadsBefore).toBe(0)
    expect((await accountOf(runtime)).keeper!.lastCookieChangeAt).toBe(changes)
  }, 60_000)

  it('a crashed page makes the keeper restart its browser, counted in its status (issue reproducer)', async () => {
    const emulator = await startBoundEmulator()
    const runtime = await startGateway(emulator, { id: 'crashy', psid: 'psid-crashy', browser: { enabled: true } })
    const started = await waitFor(() => accountOf(runtime), (account) => account.keeper?.state === 'running', 10_000)
    const browserPid = started.keeper!.pid!
    // What an out-of-memory kill does: the renderers die, the browser process lives on.
    const renderers = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((entry) => {
      try {
        const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        return commandLine.includes('--type=renderer') && !commandLine.includes('--extension-process') && isDescendant(Number(entry), browserPid)
      } catch {
        return false
      }
    })
    expect(renderers.length).toBeGreaterThan(0)
    for (const renderer of renderers) process.kill(Number(renderer), 'SIGKILL')
    const after = await waitFor(() => accountOf(runtime), (account) => account.keeper?.restarts === 1 && account.keeper.state === 'running', 15_000)
    expect(after.keeper).toMatchObject({ state: 'running', restarts: 1 })
    expect(after.keeper!.pid).not.toBe(browserPid)
    expect((await runtime.app.handle(chat())).status).toBe(200)
  }, 60_000)

  it('without the keeper, the same account is reported device-bound with the fix, then signed out', async () => {
    const emulator = await startBoundEmulator()
    const runtime = await startGateway(emulator, { id: 'bare', psid: 'psid-bare' })
    expect((await runtime.app.handle(chat())).status).toBe(200)
    const bound = await waitFor(() => accountOf(runtime), (account) => account.state === 'device-bound', 10_000)
    expect(bound.state).toBe('device-bound')
    expect(bound.fix).toContain('browser keeper')
    const dead = await waitFor(() => accountOf(runtime), (account) => account.state === 'signed-out', psidtsLifetimeMs * 4)
    expect(dead.state).toBe('signed-out')
  }, 30_000)

  it('in page-transport mode, a chat answer streams through the page', async () => {
    const emulator = await startBoundEmulator()
    const runtime = await startGateway(emulator, { id: 'paged', psid: 'psid-paged', browser: { enabled: true, transport: 'page' } })
    await waitFor(() => accountOf(runtime), (account) => account.keeper?.state === 'running', 10_000)
    const response = await runtime.app.handle(chat(true))
    expect(response.status).toBe(200)
    const text = await response.text()
    const content = text.split('\n').filter((line) => line.startsWith('data: {')).map((line) => (JSON.parse(line.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '').join('')
    expect(content).toBe('Emulated answer to: hello')
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true)
    const generate = emulator.state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).at(-1)!
    // Sent by the browser itself: its fetch metadata, its host name, its user agent.
    expect(generate.headers['sec-fetch-site']).toBe('same-origin')
    expect(generate.headers.host).toBe('gemini.google.com')
    expect(generate.headers['user-agent']).toContain('Chrome')
  }, 30_000)

  it('in page-transport mode, a scheduled reload waits for an answer streaming through the page (issue reproducer)', async () => {
    // 30 frames × 100 ms: the answer takes 3 s, and the page is due for a reload every second.
    const emulator = await startBoundEmulator(undefined, { frameDelayMs: 100, textFrames: 30 })
    const runtime = await startGateway(emulator, { id: 'reloaded', psid: 'psid-reloaded', browser: { enabled: true, transport: 'page' } }, { browser: { ...browserSettings(emulator), reloadIntervalSeconds: 1 } })
    await waitFor(() => accountOf(runtime), (account) => account.keeper?.state === 'running', 10_000)
    const pageLoads = () => emulator.state.requests.filter((request) => request.path.endsWith('/app') && request.headers['sec-fetch-mode'] === 'navigate').length
    const loadsBefore = pageLoads()
    const response = await runtime.app.handle(chat(true))
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).not.toContain('"error"')
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true)
    // The reloads came after the answer, not during it.
    await waitFor(async () => pageLoads(), (count) => count > loadsBefore, 5_000)
    expect(pageLoads()).toBeGreaterThan(loadsBefore)
  }, 30_000)

  it('`accounts login` signs in by hand through the DevTools port, and the keeper then serves with that profile', async () => {
    const emulator = await startBoundEmulator()
    const dataDir = mkdtempSync(join(tmpdir(), 'keeper-login-'))
    const config = buildConfig({ file: { dataDir, upstream: { origin: emulator.origin }, browser: browserSettings(emulator) }, env: {} })
    const lines: string[] = []
    const login = runAccountsLogin({ command: 'login', id: 'by-hand', headless: true, port: '0', timeout: '30' }, config, {}, { write: (text) => lines.push(text) })
    const instructions = await waitFor(async () => lines.join('\n'), (text) => text.includes('chrome://inspect'), 20_000)
    const port = Number(/ssh -N -L (\d+):127\.0\.0\.1:/.exec(instructions)?.[1])
    expect(port).toBeGreaterThan(0)
    // A sign-in records no pid: a keeper starting meanwhile must not take its browser for a leftover.
    const profile = join(dataDir, 'browser', 'by-hand')
    expect(readRecordedPid(profile)).toBeNull()
    // The operator's Chrome, through the tunnel: here a second DevTools client on the same port.
    const operator = await chromium.connectOverCDP(`http://127.0.0.1:${port}`)
    const signIn = operator.contexts()[0]!.pages().find((page) => page.url().includes('/ServiceLogin'))!
    await signIn.fill('#identifierId', 'operator@example.com')
    await signIn.fill('input[name=password]', 'any password')
    await signIn.click('#signIn')
    expect(await login).toBe(0)
    await operator.close()
    expect(lines.join('\n')).toContain('Signed in: the profile holds the session')
    const jar = new CookieStore(jarPath(dataDir, 'by-hand'))
    await jar.load()
    expect(jar.value('__Secure-1PSID')).toBe(psidForEmail('operator@example.com'))

    const runtime = createRuntime(buildConfig({ file: { dataDir, rateLimit: { enabled: false }, accounts: [{ id: 'by-hand', browser: { enabled: true } }], upstream: { origin: emulator.origin, rotationIntervalSeconds: 0 }, accountPool: { pageRefreshIntervalSeconds: 0 }, browser: browserSettings(emulator) }, env: {} }), createLogger({ level: 'silent' }))
    running.push(runtime)
    await runtime.start()
    expect((await runtime.app.handle(chat())).status).toBe(200)
    expect((await accountOf(runtime)).keeper?.state).toBe('running')
    expect(readRecordedPid(profile)).toBe((await accountOf(runtime)).keeper!.pid)
  }, 60_000)
})
