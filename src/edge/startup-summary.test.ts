import { describe, expect, it } from 'bun:test'
import { createMemoryStore } from '../access/rate-limit/memory-store.ts'
import { createRedisStore } from '../access/rate-limit/redis-store.ts'
import type { AccountStatus, BackendPlugin } from '../backends/types.ts'
import { buildConfig } from '../config/load-config.ts'
import { builtinFormats } from '../formats/index.ts'
import { createLogger } from '../lib/logger.ts'
import { createConfiguredModelRegistry } from '../models/model-registry.ts'
import { announceStartup, buildStartupSummary, type StartupFacts } from './startup-summary.ts'

const healthy: AccountStatus = { id: 'main', state: 'ready', detail: null, fix: null, signedIn: true, ready: true, cookieNames: [], lastGoodAt: null, lastRotationAt: null, lastRotationError: null, lastError: null, coolingDownUntil: null, modelCooldowns: {}, predictedExpiry: null }
const expired: AccountStatus = {
  ...healthy,
  id: 'old',
  state: 'signed-out',
  detail: 'The upstream asks the account to sign in again',
  fix: 'Export fresh cookies (Firefox exports last longest) and replace them',
  signedIn: false,
  ready: false,
  lastError: { kind: 'upstream_unauthenticated', message: 'The upstream asks the account to sign in again', at: '2026-12-01T00:00:00.000Z' },
}

function factsWith(accounts: AccountStatus[], file: Record<string, unknown> = {}, env: Record<string, string> = {}): StartupFacts {
  const config = buildConfig({ file, env })
  const backend: BackendPlugin = { id: 'gemini-web', stream: async function* () {}, status: () => ({ ready: accounts.some((account) => account.ready), demo: false, accounts }) }
  return { config, configPath: '/etc/gemini-reverse/config.yaml', url: 'http://127.0.0.1:8100', backends: new Map([['gemini-web', backend]]), models: createConfiguredModelRegistry(config), formats: builtinFormats, limitStore: createMemoryStore({ maxTrackedClients: 100 }), imageDirectory: './data/images' }
}

describe('startup summary', () => {
  it('says every fact in one block, with a positive line for a healthy account and the fix for an expired one', async () => {
    const summary = await buildStartupSummary(factsWith([healthy, expired]))
    expect(summary.lines).toEqual([
      expect.stringMatching(/^gemini-reverse \d+\.\d+\.\d+$/),
      '  config     /etc/gemini-reverse/config.yaml',
      '  listening  http://127.0.0.1:8100  (status page http://127.0.0.1:8100/)',
      '  formats    openai, openai-responses, openai-images, gemini, anthropic; 7 models',
      '  account    ✓ main: ready to answer',
      expect.stringMatching(/^ {2}account {4}✗ old: signed-out: The upstream asks the account to sign in again\. Fix: Export fresh cookies/),
      '  limits     60 requests per client per hour, 5 s between two calls of one model (per client)',
      '  store      rate limits in memory (this instance only)',
      '  images     ./data/images (kept 24 h, at most 1 GiB)',
      '  access     no API keys (open, but listening on loopback only); operator routes answer loopback only (no ADMIN_KEY)',
    ])
    expect(summary.warnings).toEqual([])
  })

  it('warns at start when no account is configured and when Redis does not answer', async () => {
    const facts = factsWith([], { rateLimit: { redisTimeoutMs: 200 } }, { REDIS_URL: 'redis://127.0.0.1:1' })
    const store = createRedisStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'test:', timeoutMs: 200 })
    const logged: string[] = []
    let printed = ''
    const summary = await announceStartup({ ...facts, limitStore: store }, createLogger({ level: 'info', sink: (line) => logged.push(line) }), (text) => (printed += text))
    store.close()
    expect(summary.lines.some((line) => line.startsWith('  account    ✗ none configured. Fix: add one: `gemini-reverse accounts add'))).toBe(true)
    expect(printed).toContain('  store      ✗ Redis (REDIS_URL / rateLimit.redisUrl) does not answer')
    expect(logged.map((line) => JSON.parse(line) as { level: string; message: string }).filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      expect.stringMatching(/^No Gemini account is configured/),
      expect.stringMatching(/^Redis \(REDIS_URL \/ rateLimit.redisUrl\) does not answer/),
    ])
    expect(logged.join('\n')).not.toContain('redis://')
  })
})
