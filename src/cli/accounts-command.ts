/**
 * `gemini-reverse accounts add|list|remove|check|login`: manages accounts from a shell. With a server
 * running (it answers /health at --server, default the configured port on loopback) it uses the
 * admin API, so a new account signs in and serves at once; with none it writes DATA_DIR the way
 * the server keeps accounts (src/backends/gemini-web/account-registry.ts), and the server picks
 * them up at its next start. Cookie files may be any export src/accounts/cookie-import reads.
 */

import { readCookieFile } from '../accounts/cookie-import/read-cookie-import.ts'
import { jarPath, readAccountRegistry, writeAccountRegistry } from '../backends/gemini-web/account-registry.ts'
import { CookieStore } from '../backends/gemini-web/cookie-store.ts'
import { removeAccountFiles } from '../backends/gemini-web/remove-account-files.ts'
import type { Config } from '../config/schema.ts'
import { UsageError } from './parse-arguments.ts'
import { runAccountsLogin } from './accounts-login.ts'

export const accountsUsage = `Usage: gemini-reverse accounts <command> [options]

Commands:
  add --file PATH [--id ID]   import a cookie export (cookies.txt, Cookie-Editor / EditThisCookie
                              JSON, Playwright storageState, HAR, or a Cookie header) as an account
  list                        the accounts and their state
  remove --id ID              remove an account added at run time
  check --id ID               load the app page with the account's cookies now (needs the server)
  login --id ID               sign in by hand in the browser keeper's profile (DATA_DIR/browser/ID):
                              a Chromium window where there is a display, else the DevTools port
                              on loopback for chrome://inspect through an SSH tunnel (docs/accounts.md)

Options:
  --server URL      the running server (default http://127.0.0.1:<configured port>)
  --admin-key KEY   its admin key (env ADMIN_KEY); not needed on loopback without one
  --config PATH     configuration file (for the port and DATA_DIR), env GEMINI_REVERSE_CONFIG
  --data-dir PATH   where accounts are kept when no server is running (env DATA_DIR)
  --headless        login: no window even where there is a display (use the DevTools port)
  --port N          login: the DevTools port (default 9222)
  --timeout SECONDS login: how long to wait for the sign-in (default 900)`

export type AccountsCommandLine = {
  command: 'add' | 'list' | 'remove' | 'check' | 'login'
  file?: string
  id?: string
  server?: string
  adminKey?: string
  configPath?: string
  dataDir?: string
  headless?: boolean
  port?: string
  timeout?: string
}

const commands = new Set(['add', 'list', 'remove', 'check', 'login'])

export function parseAccountsArguments(argv: readonly string[]): AccountsCommandLine | 'help' {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h') return 'help'
  if (!commands.has(command)) throw new UsageError(`Unknown accounts command "${command}"\n\n${accountsUsage}`)
  const parsed: AccountsCommandLine = { command: command as AccountsCommandLine['command'] }
  const names: Record<string, 'file' | 'id' | 'server' | 'adminKey' | 'configPath' | 'dataDir' | 'port' | 'timeout'> = { '--file': 'file', '--id': 'id', '--server': 'server', '--admin-key': 'adminKey', '--config': 'configPath', '--data-dir': 'dataDir', '--port': 'port', '--timeout': 'timeout' }
  for (let index = 0; index < rest.length; index++) {
    const raw = rest[index]!
    if (raw === '--headless') {
      parsed.headless = true
      continue
    }
    const [name, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined]
    const field = Object.hasOwn(names, name) ? names[name] : undefined
    if (!field) throw new UsageError(`Unknown option ${raw}\n\n${accountsUsage}`)
    const value = inline ?? rest[++index]
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`)
    parsed[field] = value
  }
  if (parsed.command === 'add' && !parsed.file) throw new UsageError('accounts add needs --file PATH')
  if ((parsed.command === 'remove' || parsed.command === 'check' || parsed.command === 'login') && !parsed.id) throw new UsageError(`accounts ${parsed.command} needs --id ID`)
  return parsed
}

type Output = { write(line: string): void }

async function isServerUp(server: string): Promise<boolean> {
  try {
    const response = await fetch(`${server}/health`, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return response.status === 200 || response.status === 503
  } catch {
    return false
  }
}

async function callAdmin(server: string, adminKey: string | undefined, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server}${path}`, {
    method,
    headers: { ...(adminKey ? { authorization: `Bearer ${adminKey}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  })
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>
  if (!response.ok) {
    const message = (answer.error as { message?: string } | undefined)?.message ?? `HTTP ${response.status}`
    throw new Error(`the server refused: ${message}`)
  }
  return answer
}

function describe(account: Record<string, unknown>): string {
  const detail = typeof account.detail === 'string' ? ` — ${account.detail}` : ''
  const fix = typeof account.fix === 'string' ? `\n    fix: ${account.fix}` : ''
  return `${String(account.id)}: ${String(account.state ?? (account.ready ? 'ready' : 'not ready'))}${detail}${fix}`
}

async function runOnline(line: AccountsCommandLine, server: string, adminKey: string | undefined, out: Output): Promise<void> {
  if (line.command === 'add') {
    const imported = await readCookieFile(line.file!, { requireSession: true })
    const answer = await callAdmin(server, adminKey, 'POST', '/api/admin/accounts', { cookies: imported.cookies, ...(line.id ? { id: line.id } : {}) })
    out.write(`added ${describe(answer.account as Record<string, unknown>)}`)
  } else if (line.command === 'list') {
    const answer = await callAdmin(server, adminKey, 'GET', '/api/admin/accounts')
    const accounts = answer.accounts as Array<Record<string, unknown>>
    if (accounts.length === 0) out.write('no accounts yet: add one with `gemini-reverse accounts add --file cookies.txt`')
    for (const account of accounts) out.write(describe(account))
  } else if (line.command === 'remove') {
    await callAdmin(server, adminKey, 'DELETE', `/api/admin/accounts/${encodeURIComponent(line.id!)}`)
    out.write(`removed ${line.id}`)
  } else {
    const answer = await callAdmin(server, adminKey, 'POST', `/api/admin/accounts/${encodeURIComponent(line.id!)}/check`)
    out.write(describe(answer.account as Record<string, unknown>))
  }
}

async function runOffline(line: AccountsCommandLine, dataDir: string, out: Output): Promise<void> {
  const registry = await readAccountRegistry(dataDir)
  if (line.command === 'add') {
    const imported = await readCookieFile(line.file!, { requireSession: true })
    const id = line.id ?? `account-${registry.length + 1}`
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`"${id}" is not a valid account id (letters, digits, dots, dashes, underscores)`)
    if (registry.some((entry) => entry.id === id)) throw new Error(`an account "${id}" exists already; remove it first or pick another --id`)
    const store = new CookieStore(jarPath(dataDir, id))
    store.replaceWith(imported.cookies)
    await store.save({ lastRotationAt: null, lastRotationError: null })
    await writeAccountRegistry(dataDir, [...registry, { id }])
    out.write(`added ${id} to ${dataDir} (${Object.keys(imported.cookies).length} Google cookies; no server is running, so it signs in when the server starts)`)
  } else if (line.command === 'list') {
    if (registry.length === 0) out.write(`no accounts added in ${dataDir} (accounts from the config file are not listed without a running server)`)
    for (const entry of registry) out.write(`${entry.id}: added, not checked (no server is running)`)
  } else if (line.command === 'remove') {
    if (!registry.some((entry) => entry.id === line.id)) throw new Error(`no account "${line.id}" was added in ${dataDir}`)
    await writeAccountRegistry(dataDir, registry.filter((entry) => entry.id !== line.id))
    await removeAccountFiles(dataDir, line.id!)
    out.write(`removed ${line.id}`)
  } else {
    throw new Error('accounts check needs a running server (start it, or pass --server URL)')
  }
}

/** Returns the exit code. */
export async function runAccountsCommand(line: AccountsCommandLine, config: Config, env: Record<string, string | undefined>, out: Output): Promise<number> {
  const server = (line.server ?? `http://127.0.0.1:${config.server.port}`).replace(/\/+$/, '')
  const adminKey = line.adminKey ?? env.ADMIN_KEY ?? config.access.adminKey ?? undefined
  try {
    if (line.command === 'login') return await runAccountsLogin(line, config, env, out)
    if (await isServerUp(server)) await runOnline(line, server, adminKey, out)
    else if (line.server) throw new Error(`no server answers at ${server}`)
    else await runOffline(line, line.dataDir ?? config.dataDir, out)
    return 0
  } catch (error) {
    out.write(`gemini-reverse accounts ${line.command}: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}
