/**
 * Starts Chromium on a persistent profile with the DevTools protocol on a loopback port, and
 * connects to it with playwright-core (which drives an installed browser and downloads nothing).
 * The keeper starts the process itself rather than through Playwright's launcher so that it owns
 * the process: it knows the pid (memory, CPU), notices when it dies, and can hand the DevTools
 * port to an operator for a first sign-in (`gemini-reverse accounts login`).
 */

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { recordBrowserPid, releaseProfile } from './profile-lock.ts'

export type LaunchOptions = {
  executablePath: string
  profileDirectory: string
  headless: boolean
  extraArgs: readonly string[]
  /** 0 lets the browser pick a free port. */
  debuggingPort?: number
  /**
   * A keeper's launch: its browser's pid is recorded, and a browser an earlier keeper recorded and
   * left running is ended first (profile-lock.ts). Other launches (`accounts login`) record
   * nothing, so a keeper never ends an operator's sign-in in progress.
   */
  asKeeper?: boolean
  timeoutMs: number
}

export type LaunchedBrowser = {
  pid: number
  /** The DevTools port on 127.0.0.1. */
  port: number
  browser: Browser
  /** The profile's default context: its cookies are the profile's cookies. */
  context: BrowserContext
  /** Resolves with the exit code when the browser process ends, for whatever reason. */
  exited: Promise<number | null>
  /** The last lines the browser wrote to stderr (for a failed start). */
  stderrTail(): string
  /** Ends the browser: politely, then by force. */
  close(): Promise<void>
}

function buildArguments(options: LaunchOptions): string[] {
  // Chromium refuses its sandbox as root, and in a container its namespace sandbox needs user
  // namespaces that Docker's default seccomp profile blocks (Debian's Chromium has no setuid
  // helper): there the container is the sandbox.
  const withoutSandbox = process.getuid?.() === 0 || existsSync('/.dockerenv') || existsSync('/run/.containerenv')
  return [
    `--user-data-dir=${options.profileDirectory}`,
    `--remote-debugging-port=${options.debuggingPort ?? 0}`,
    '--remote-debugging-address=127.0.0.1',
    ...(options.headless ? ['--headless=new'] : []),
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--password-store=basic',
    ...(withoutSandbox ? ['--no-sandbox'] : []),
    ...options.extraArgs,
    'about:blank',
  ]
}

async function waitForDebuggingPort(portFile: string, exited: Promise<unknown>, timeoutMs: number): Promise<number> {
  let ended = false
  void exited.then(() => (ended = true))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !ended) {
    if (existsSync(portFile)) {
      const port = Number(readFileSync(portFile, 'utf8').split('\n')[0])
      if (Number.isInteger(port) && port > 0) return port
    }
    await Bun.sleep(50)
  }
  throw new Error(ended ? 'the browser exited during start' : `the browser did not open its DevTools port within ${timeoutMs} ms`)
}

export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  mkdirSync(options.profileDirectory, { recursive: true, mode: 0o700 })
  const portFile = join(options.profileDirectory, 'DevToolsActivePort')
  rmSync(portFile, { force: true })
  await releaseProfile(options.profileDirectory, { endRecorded: options.asKeeper === true })
  const child = Bun.spawn([options.executablePath, ...buildArguments(options)], { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' })
  if (options.asKeeper) recordBrowserPid(options.profileDirectory, child.pid)
  let tail = ''
  void (async () => {
    const decoder = new TextDecoder()
    for await (const chunk of child.stderr) tail = (tail + decoder.decode(chunk)).slice(-2000)
  })().catch(() => undefined)
  const exited = child.exited.then((code) => code)
  let connected: Browser | null = null
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    // Asked through DevTools, Chromium shuts down as a user closing it would: it removes its
    // profile lock and temporary folders, which a signal leaves behind.
    if (connected) {
      const asked = connected
        .newBrowserCDPSession()
        .then((session) => session.send('Browser.close'))
        .catch(() => undefined)
      const closedPolitely = await Promise.race([asked.then(() => exited).then(() => true), Bun.sleep(3000).then(() => false)])
      if (closedPolitely) return
    }
    child.kill('SIGTERM')
    const ended = await Promise.race([exited.then(() => true), Bun.sleep(5000).then(() => false)])
    if (!ended) child.kill('SIGKILL')
    await exited
  }
  try {
    const port = await waitForDebuggingPort(portFile, exited, options.timeoutMs)
    const { chromium } = await import('playwright-core')
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: options.timeoutMs })
    connected = browser
    const context = browser.contexts()[0]
    if (!context) throw new Error('the browser has no default context')
    return { pid: child.pid, port, browser, context, exited, stderrTail: () => tail.trim(), close }
  } catch (error) {
    await close()
    throw new Error(`could not start ${options.executablePath}: ${(error as Error).message}${tail.trim() ? ` (browser said: ${tail.trim().split('\n').slice(-3).join(' | ')})` : ''}`)
  }
}
