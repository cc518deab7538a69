/**
 * Systems (C), (D), (E): the gateway itself, built exactly as main.ts builds it (buildConfig →
 * createRuntime → startServer), pointed at an emulator.
 * `bun run scripts/bench/server-entry.ts <bare|full|redis> <upstream-origin> [redis-url]`
 * bare = no API keys, rate limits off; full = API key required, in-memory limits set too high to
 * refuse; redis = the same with the Redis store. Access log off and level warn in every mode, so
 * no system pays for logging the others do not.
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppDependencies } from '../../src/app.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { builtinFormats } from '../../src/formats/index.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime } from '../../src/runtime.ts'
import { startServer } from '../../src/server/start-server.ts'
import { createTestFormat } from '../../test/helpers/test-format.ts'
import { benchApiKey } from './requests.ts'

const [mode, upstream, redisUrl] = process.argv.slice(2)
if ((mode !== 'bare' && mode !== 'full' && mode !== 'redis') || !upstream) throw new Error('usage: server-entry.ts <bare|full|redis> <upstream-origin> [redis-url]')

const dataDir = mkdtempSync(join(tmpdir(), 'gemini-reverse-bench-'))
const limited = mode !== 'bare'
const config = buildConfig({
  file: {
    server: { host: '127.0.0.1', port: 0, idleTimeoutSeconds: 120 },
    logging: { level: 'warn', accessLog: false },
    dataDir,
    accounts: [{ id: 'bench', psid: 'bench-placeholder-1psid', psidts: 'sidts-bench-placeholder' }],
    upstream: { origin: upstream, rotationIntervalSeconds: 0 },
    access: { apiKeys: limited ? [{ key: benchApiKey, name: 'bench', requestsPerHour: 1_000_000_000, modelIntervalSeconds: 0 }] : [] },
    rateLimit: limited
      ? { enabled: true, requestsPerHour: 1_000_000_000, modelIntervalSeconds: 0, store: mode === 'redis' ? 'redis' : 'memory', redisUrl: redisUrl ?? null }
      : { enabled: false },
  },
  env: {},
})
const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(line + '\n') })

/**
 * The access module (API keys, rate limiter) is wired here when it is present in this tree, so
 * (D)/(E) measure it even before runtime.ts wires it by itself. The path is computed so the
 * typecheck does not depend on another branch's files.
 */
type AccessOverrides = Pick<AppDependencies, 'authenticator' | 'rateLimiter'>

async function loadAccess(): Promise<{ overrides: AccessOverrides; note: string }> {
  if (!limited) return { overrides: {}, note: 'open' }
  const accessPath = new URL('../../src/access/index.ts', import.meta.url).pathname
  if (!(await Bun.file(accessPath).exists())) return { overrides: {}, note: 'access module absent in this tree: no API key check, no limiter' }
  const access = (await import(accessPath)) as {
    createApiKeyAuthenticator(config: unknown): NonNullable<AppDependencies['authenticator']>
    createRateLimiter(config: unknown, logger: unknown): NonNullable<AppDependencies['rateLimiter']>
  }
  return { overrides: { authenticator: access.createApiKeyAuthenticator(config), rateLimiter: access.createRateLimiter(config, logger) }, note: `access module: api key + ${mode === 'redis' ? 'redis' : 'memory'} limiter` }
}

const { overrides: accessOverrides, note } = await loadAccess()
// The test format stays mounted so the raw backend path can be measured while a real format is unfinished.
const runtime = createRuntime(config, logger, { formats: [...builtinFormats, createTestFormat()], ...accessOverrides })
await runtime.start()
const server = startServer({ app: runtime.app, config, logger, onStopped: () => runtime.stop() })
console.log(JSON.stringify({ ready: true, origin: server.url.origin, note }))

const stop = () => {
  runtime.markShuttingDown()
  void server.shutdown('bench').finally(() => {
    rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
