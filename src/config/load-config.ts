/**
 * Builds the configuration from three layers, later ones winning: the YAML file (`--config` or
 * GEMINI_REVERSE_CONFIG), environment variables, then command-line flags. Defaults come from the
 * schema; the merged result is checked once, and the first bad field is named in the error.
 */

import { isAbsolute, resolve } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { parseDocument } from 'yaml'
import { mergeDeep } from '../lib/merge-deep.ts'
import { demoDefaults } from './demo-defaults.ts'
import { findCookieProblem } from '../lib/check-cookie.ts'
import { describeConfigErrors, joinConfigProblems } from './describe-config-errors.ts'
import { ConfigSchema, type Config } from './schema.ts'

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export type ConfigSources = {
  /** Parsed config file contents (already read), or undefined when there is no file. */
  file?: unknown
  env: Record<string, string | undefined>
  /** Overrides from command-line flags, as a partial config. */
  flags?: Partial<Record<string, unknown>>
  /** The config file's folder: relative `accounts[].cookieFile` paths are read from there. */
  configDirectory?: string
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseInteger(name: string, raw: string): number {
  const value = Number(raw)
  if (!Number.isInteger(value)) throw new ConfigError(`Environment variable ${name} must be a whole number, got "${raw}"`)
  return value
}

function parseNumber(name: string, raw: string): number {
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) throw new ConfigError(`Environment variable ${name} must be a number, got "${raw}"`)
  return value
}

function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim().toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(value)) return true
  if (['false', '0', 'no', 'off'].includes(value)) return false
  throw new ConfigError(`Environment variable ${name} must be true or false, got "${raw}"`)
}

function splitList(raw: string): string[] {
  return raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0)
}

/** The environment variables that are part of the interface (README "Configuration"). */
function readEnvironment(env: ConfigSources['env']): Json {
  const config: Json = {}
  const set = (path: string[], value: unknown) => {
    let node = config
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Json
    node[path[path.length - 1]!] = value
  }
  if (env.PORT) set(['server', 'port'], parseInteger('PORT', env.PORT))
  if (env.HOST) set(['server', 'host'], env.HOST)
  if (env.PUBLIC_BASE_URL) set(['server', 'publicBaseUrl'], env.PUBLIC_BASE_URL.replace(/\/+$/, ''))
  if (env.TRUSTED_PROXIES) set(['server', 'trustedProxies'], splitList(env.TRUSTED_PROXIES))
  if (env.DATA_DIR) set(['dataDir'], env.DATA_DIR)
  if (env.LOG_LEVEL) set(['logging', 'level'], env.LOG_LEVEL)
  if (env.GEMINI_UPSTREAM) set(['upstream', 'origin'], env.GEMINI_UPSTREAM.replace(/\/+$/, ''))
  if (env.API_KEYS) set(['access', 'apiKeys'], splitList(env.API_KEYS).map((key) => ({ key })))
  if (env.ADMIN_KEY) set(['access', 'adminKey'], env.ADMIN_KEY)
  if (env.ALERT_WEBHOOK_URL) set(['alerts', 'webhookUrl'], env.ALERT_WEBHOOK_URL)
  if (env.RATE_LIMIT_ENABLED) set(['rateLimit', 'enabled'], parseBoolean('RATE_LIMIT_ENABLED', env.RATE_LIMIT_ENABLED))
  if (env.RATE_LIMIT_REQUESTS_PER_HOUR) set(['rateLimit', 'requestsPerHour'], parseInteger('RATE_LIMIT_REQUESTS_PER_HOUR', env.RATE_LIMIT_REQUESTS_PER_HOUR))
  if (env.RATE_LIMIT_MODEL_INTERVAL_SECONDS) set(['rateLimit', 'modelIntervalSeconds'], parseNumber('RATE_LIMIT_MODEL_INTERVAL_SECONDS', env.RATE_LIMIT_MODEL_INTERVAL_SECONDS))
  if (env.REDIS_URL) {
    set(['rateLimit', 'redisUrl'], env.REDIS_URL)
    set(['rateLimit', 'store'], 'redis')
  }
  return config
}

/** GEMINI_1PSID / GEMINI_1PSIDTS fill (or create) the account named `default`. */
function applyCookieEnvironment(config: Json, env: ConfigSources['env']): Json {
  if (!env.GEMINI_1PSID && !env.GEMINI_1PSIDTS) return config
  const accounts = Array.isArray(config.accounts) ? [...(config.accounts as Json[])] : []
  const index = accounts.findIndex((account) => account.id === 'default')
  const current = index >= 0 ? accounts[index]! : { id: 'default' }
  const updated: Json = { ...current }
  if (env.GEMINI_1PSID) updated.psid = env.GEMINI_1PSID
  if (env.GEMINI_1PSIDTS) updated.psidts = env.GEMINI_1PSIDTS
  if (index >= 0) accounts[index] = updated
  else accounts.unshift(updated)
  return { ...config, accounts }
}

/** Fields whose values are secrets: a startup error names them but never prints the value. */
const secretFields = /^(accounts|access)(\.|$)|^rateLimit\.redisUrl$|^alerts\.webhookUrl$/

export function buildConfig(sources: ConfigSources): Config {
  if (sources.file !== undefined && !isObject(sources.file)) {
    throw new ConfigError('The configuration file must hold a mapping (key: value pairs) at the top level')
  }
  let merged = mergeDeep<Json>({}, (sources.file as Json | undefined) ?? {})
  merged = mergeDeep(merged, readEnvironment(sources.env))
  merged = applyCookieEnvironment(merged, sources.env)
  merged = mergeDeep(merged, (sources.flags ?? {}) as Json)
  // Demo defaults sit under every layer: they apply only where nothing was set explicitly.
  if (merged.demo === true) merged = mergeDeep<Json>(structuredClone(demoDefaults), merged)
  // Sections must exist for nested defaults to be filled in.
  for (const section of ['server', 'logging', 'upstream', 'access', 'rateLimit', 'images', 'accountPool', 'alerts', 'conversations', 'browser']) merged[section] ??= {}
  const withDefaults = Value.Default(ConfigSchema, structuredClone(merged))
  const problem = describeConfigErrors(ConfigSchema, withDefaults, { isSecretField: (field) => secretFields.test(field) })
  if (problem) throw new ConfigError(problem)
  const unknown = findUnknownKeys(withDefaults as Json)
  if (unknown) throw new ConfigError(`Unknown configuration field "${unknown.field}"; the fields allowed there are ${unknown.allowed.join(', ')}`)
  const config = withDefaults as Config
  const cookieProblems = findAccountCookieProblems(config.accounts)
  if (cookieProblems.length > 0) throw new ConfigError(joinConfigProblems(cookieProblems))
  const base = sources.configDirectory
  if (base) for (const account of config.accounts) if (account.cookieFile && !isAbsolute(account.cookieFile)) account.cookieFile = resolve(base, account.cookieFile)
  return config
}

/**
 * Cookie values from the config or the environment, checked like any import: a pasted value with
 * a space or a newline would otherwise fail every upstream call. Surrounding whitespace (a copy
 * with its line break) is trimmed first; what is left must be a cookie.
 */
function findAccountCookieProblems(accounts: Config['accounts']): string[] {
  const problems: string[] = []
  accounts.forEach((account, index) => {
    const check = (field: string, name: string, value: string | undefined): string | undefined => {
      if (value === undefined) return undefined
      const trimmed = value.trim()
      if (trimmed === '' && field === 'psidts') return trimmed
      const problem = findCookieProblem(name, trimmed)
      if (problem) problems.push(`"accounts[${index}].${field}" (${account.id}): ${problem}`)
      return trimmed
    }
    if (account.psid !== undefined) account.psid = check('psid', '__Secure-1PSID', account.psid)!
    if (account.psidts !== undefined) account.psidts = check('psidts', '__Secure-1PSIDTS', account.psidts)!
    for (const [name, value] of Object.entries(account.cookies ?? {})) account.cookies![name] = check(`cookies.${name}`, name, value)!
  })
  return problems
}

/** Typos in a config file should fail loudly, not be ignored; protocol and models stay open. */
function findUnknownKeys(config: Json): { field: string; allowed: string[] } | null {
  const open = new Set(['upstream.protocol', 'models'])
  const walk = (value: unknown, schema: unknown, path: string): { field: string; allowed: string[] } | null => {
    if (open.has(path) || !isObject(value) || !isObject(schema)) return null
    const properties = (schema as { properties?: Json }).properties
    if (!properties) return null
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key
      if (!(key in properties)) return { field: childPath, allowed: Object.keys(properties) }
      const found = walk(child, properties[key], childPath)
      if (found) return found
    }
    return null
  }
  return walk(config, ConfigSchema, '')
}

/**
 * Reads the config file with the `yaml` package rather than Bun.YAML: it reports the line and
 * column of a syntax error and refuses a key written twice (Bun.YAML keeps the last silently,
 * so a second `rateLimit:` block would quietly replace the first). JSON is YAML, so .json files
 * get the same checks.
 */
export async function readConfigFile(path: string): Promise<unknown> {
  const file = Bun.file(path)
  if (!(await file.exists())) throw new ConfigError(`Configuration file not found: ${path}`)
  const text = await file.text()
  const kind = path.endsWith('.json') ? 'JSON' : 'YAML'
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true })
  const problem = document.errors[0]
  if (problem) {
    const position = problem.linePos?.[0]
    const where = position ? `line ${position.line}, column ${position.col}` : 'somewhere'
    const reason = problem.code === 'DUPLICATE_KEY' ? 'a key is written twice in the same mapping' : problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    throw new ConfigError(`Configuration file ${path} is not valid ${kind} at ${where}: ${reason}`)
  }
  try {
    return document.toJS({ maxAliasCount: 100 }) ?? {}
  } catch (error) {
    throw new ConfigError(`Configuration file ${path} is not valid ${kind}: ${(error as Error).message}`)
  }
}
