/**
 * The block printed once at start: version, config file, listen URL, formats and models, each
 * account with its state and the fix, limits, whether the limit store answers, the image folder
 * and whether keys protect the API. It goes to standard error, so standard output stays one JSON
 * log line per event; a JSON `started` line carries the same facts for log pipelines. Problems
 * an operator must act on (no account can answer, Redis unreachable) are also logged as
 * warnings, at start rather than on the first request.
 */

import { isLoopbackHost } from '../access/ip-address.ts'
import type { LimitStore } from '../access/rate-limit/limit-store.ts'
import { describeLimits } from '../access/rate-limit/describe-limits.ts'
import type { BackendPlugin } from '../backends/types.ts'
import type { Config } from '../config/schema.ts'
import type { FormatPlugin } from '../formats/types.ts'
import type { Logger } from '../lib/logger.ts'
import type { ModelRegistry } from '../models/model-registry.ts'
import { productName, version } from '../version.ts'
import { describeAccount, noAccountFix, type Tone } from './account-state.ts'
import { collectBackendStatus } from './info-routes.ts'

export type StartupFacts = {
  config: Config
  configPath: string | undefined
  url: string
  backends: ReadonlyMap<string, BackendPlugin>
  models: ModelRegistry
  formats: readonly FormatPlugin[]
  limitStore: LimitStore | null
  imageDirectory: string
}

export type StartupSummary = { lines: string[]; warnings: string[]; fields: Record<string, unknown> }

const marks: Record<Tone, string> = { good: '✓', warn: '!', bad: '✗' }
const row = (label: string, text: string) => `  ${label.padEnd(10)} ${text}`

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`
}

async function describeStore(config: Config, store: LimitStore | null): Promise<{ text: string; warning: string | null }> {
  if (!config.rateLimit.enabled || store === null) return { text: 'none (rate limits off)', warning: null }
  if (config.rateLimit.store === 'memory') return { text: 'rate limits in memory (this instance only)', warning: null }
  try {
    await store.ping?.()
    return { text: `${marks.good} Redis answers (limits shared by every instance using it)`, warning: null }
  } catch (error) {
    const consequence = config.rateLimit.failOpen ? 'requests pass unlimited until it is back (rateLimit.failOpen)' : 'generation requests get 503 until it is back (rateLimit.failOpen: true lets them through)'
    const warning = `Redis (REDIS_URL / rateLimit.redisUrl) does not answer: ${(error as Error).message}; ${consequence}`
    return { text: `${marks.bad} ${warning}`, warning }
  }
}

function describeAccess(config: Config): string {
  const keys = config.access.apiKeys.length
  const api = keys > 0 ? `${keys} API key${keys === 1 ? '' : 's'} required` : isLoopbackHost(config.server.host) ? 'no API keys (open, but listening on loopback only)' : 'no API keys: anyone who reaches the port can use the account'
  const operator = config.access.adminKey !== null ? 'operator routes need the admin key' : 'operator routes answer loopback only (no ADMIN_KEY)'
  return `${api}; ${operator}`
}

export async function buildStartupSummary(facts: StartupFacts): Promise<StartupSummary> {
  const { config } = facts
  const status = collectBackendStatus(facts.backends)
  const warnings: string[] = []
  const accountLines =
    status.accounts.length === 0
      ? [row('account', `${marks.bad} none configured. Fix: ${noAccountFix}`)]
      : status.accounts.map((account) => {
          const view = describeAccount(account)
          const detail = view.detail ? `: ${view.detail}` : view.tone === 'good' ? ' to answer' : ''
          return row('account', `${marks[view.tone]} ${view.id}: ${view.state}${detail}${view.fix ? `. Fix: ${view.fix}` : ''}`)
        })
  if (!status.ready) warnings.push(status.accounts.length === 0 ? `No Gemini account is configured: ${noAccountFix}` : 'No account can answer yet; see the account lines of the startup summary')
  const store = await describeStore(config, facts.limitStore)
  if (store.warning) warnings.push(store.warning)
  const models = facts.models.list()
  const lines = [
    `${productName} ${version}${status.demo ? ' (demo: answers come from the built-in emulator, not from Google)' : ''}`,
    row('config', facts.configPath ?? 'no file (defaults, environment and flags)'),
    row('listening', `${facts.url}  (status page ${facts.url}/)`),
    row('formats', `${facts.formats.map((format) => format.id).join(', ')}; ${models.length} models`),
    ...accountLines,
    row('limits', describeLimits(config.rateLimit)),
    row('store', store.text),
    row('images', `${facts.imageDirectory} (kept ${config.images.retentionHours} h, at most ${formatBytes(config.images.maxStoreBytes)})`),
    row('access', describeAccess(config)),
  ]
  const fields = {
    version,
    url: facts.url,
    config_file: facts.configPath ?? null,
    demo: status.demo,
    models: models.length,
    accounts: status.accounts.length,
    ready_accounts: status.accounts.filter((account) => account.ready).length,
    api_keys: config.access.apiKeys.length,
  }
  return { lines, warnings, fields }
}

/** Prints the block (unless the log level is above info) and logs `started` and the warnings. */
export async function announceStartup(facts: StartupFacts, logger: Logger, write: (text: string) => void = (text) => process.stderr.write(text)): Promise<StartupSummary> {
  const summary = await buildStartupSummary(facts)
  if (facts.config.logging.level === 'debug' || facts.config.logging.level === 'info') write(`\n${summary.lines.join('\n')}\n\n`)
  logger.info('started', summary.fields)
  for (const warning of summary.warnings) logger.warn(warning)
  return summary
}
