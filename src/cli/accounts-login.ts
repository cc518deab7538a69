/**
 * `gemini-reverse accounts login --id ID`: the first sign-in into the browser keeper's profile
 * (DATA_DIR/browser/ID), by hand, so the keeper's Chromium becomes the device Google binds the
 * session to. Where there is a display, a Chromium window opens on Google's sign-in page. On a
 * headless server the browser runs without a window and its DevTools port listens on loopback:
 * the command prints the SSH tunnel to open from the operator's machine and the chrome://inspect
 * steps to sign in from there. Once the profile holds a Google session, its cookies go into the
 * account's jar and the browser closes; the keeper (config `browser.enabled`) takes it from there.
 */

import { join } from 'node:path'
import { hasBrowserSession, readBrowserCookies } from '../backends/gemini-web/browser-keeper/browser-cookies.ts'
import { findBrowser } from '../backends/gemini-web/browser-keeper/find-browser.ts'
import { launchBrowser } from '../backends/gemini-web/browser-keeper/launch-browser.ts'
import { jarPath } from '../backends/gemini-web/account-registry.ts'
import { CookieStore } from '../backends/gemini-web/cookie-store.ts'
import { resolveProtocolData } from '../backends/gemini-web/protocol-data.ts'
import type { Config } from '../config/schema.ts'
import type { AccountsCommandLine } from './accounts-command.ts'

type Output = { write(line: string): void }

const defaultDebuggingPort = 9222
const defaultTimeoutSeconds = 900

function tunnelInstructions(port: number): string[] {
  return [
    'No display here: the browser runs without a window, its DevTools port on 127.0.0.1.',
    'On your own computer:',
    `  1. ssh -N -L ${port}:127.0.0.1:${port} <you>@<this server>`,
    `  2. In Chrome open chrome://inspect, "Configure…", add localhost:${port}`,
    '  3. Under "Remote Target", click "inspect" on the Google sign-in page and sign in there',
    'This command finishes by itself once the profile is signed in.',
  ]
}

/** Returns the exit code. */
export async function runAccountsLogin(line: AccountsCommandLine, config: Config, env: Record<string, string | undefined>, out: Output): Promise<number> {
  const id = line.id!
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`"${id}" is not a valid account id (letters, digits, dots, dashes, underscores)`)
  const dataDir = line.dataDir ?? config.dataDir
  // A profile open in another browser (the running server's keeper) is refused by launchBrowser
  // (profile-lock.ts), which names its pid.
  const profileDirectory = join(dataDir, 'browser', id)
  const protocol = resolveProtocolData(config.upstream.protocol)
  const appUrl = `${protocol.origins.gemini}${protocol.paths.app}`
  const signInUrl = `${protocol.origins.accounts}${protocol.paths.signIn.replace('{continue}', encodeURIComponent(appUrl))}`
  const visible = !line.headless && Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
  const timeoutSeconds = Number(line.timeout ?? defaultTimeoutSeconds)
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new Error('--timeout must be a number of seconds')
  const browser = await launchBrowser({
    executablePath: findBrowser(config.browser.executablePath),
    profileDirectory,
    headless: !visible,
    extraArgs: config.browser.extraArgs,
    debuggingPort: visible ? 0 : Number(line.port ?? defaultDebuggingPort),
    timeoutMs: config.browser.startTimeoutSeconds * 1000,
  })
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage())
    await page.goto(signInUrl, { waitUntil: 'load', timeout: config.browser.startTimeoutSeconds * 1000 })
    out.write(visible ? `A Chromium window is open on Google's sign-in page (profile ${profileDirectory}): sign in there.` : tunnelInstructions(browser.port).join('\n'))
    const deadline = Date.now() + timeoutSeconds * 1000
    // Bounded by --timeout: one look at the profile's cookies per second.
    while (!(await hasBrowserSession(browser.context))) {
      if (Date.now() > deadline) throw new Error(`no sign-in within ${timeoutSeconds} s; run the command again when ready`)
      await Bun.sleep(1000)
    }
    // Load the app once signed in: Google completes the session's cookies there.
    const app = await browser.context.newPage()
    await app.goto(appUrl, { waitUntil: 'load', timeout: config.browser.startTimeoutSeconds * 1000 })
    const cookies = await readBrowserCookies(browser.context)
    const store = new CookieStore(jarPath(dataDir, id))
    const previous = await store.load()
    store.replaceWithCookies(cookies)
    await store.save(previous ?? { lastRotationAt: null, lastRotationError: null })
    out.write(`Signed in: the profile holds the session and the account's jar has its ${cookies.length} Google cookies (${jarPath(dataDir, id)}).`)
    const configured = config.accounts.find((account) => account.id === id)
    out.write(configured?.browser?.enabled ? 'Start the server: the browser keeper keeps this session alive.' : `Next: give account "${id}" the keeper in the config file and start the server:\n  accounts:\n    - id: ${id}\n      browser: { enabled: true }`)
    return 0
  } finally {
    await browser.close()
  }
}
