/**
 * Systems (C), (D), (E): the gateway itself, built exactly as main.ts builds it (buildConfig →
 * createRuntime → startServer), pointed at an emulator.
 * `bun run scripts/bench/server-entry.ts <bare|full|redis> <upstream-origin> [redis-url]`
 * bare = no API keys, rate limits off; full = API key required, in-memory limits set too high to
 * refuse; redis = the same with the Redis store. The per-client in-flight cap is lifted in every mode. Access log off and level warn in every mode, so
 * no system pays for logging the others do not.
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../src/config/load-config.ts'
import { builtinFormats } from '../../src/formats/index.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime } from '../../src/runtime.ts'
import { startServer } from '../../src/edge/start-server.ts'
import { createTestFormat } from '../../test/helpers/test-format.ts'
import { benchApiKey } from './requests.ts'

const [mode, upstream, redisUrl] = process.argv.slice(2)
if ((mode !== 'bare' && mode !== 'full' && mode !== 'redis') || !upstream) throw new Error('usage: server-entry.ts <bare|full|redis> <upstream-origin> [redis-url]')

const dataDir = mkdtempSync(join(tmpdir(), 'gemini-reverse-bench-'))
const limited = mode !== 'bare'
const file: Record<string, unknown> = {
  // One load generator is one client: the per-client cap of in-flight requests would refuse the
  // 1,000-stream test, so it is lifted here (the cap's cost, a map look-up, is still paid).
  server: { host: '127.0.0.1', port: 0, idleTimeoutSeconds: 120, maxRequestsPerClient: 1_000_000 },
  logging: { level: 'warn', accessLog: false },
  dataDir,
  accounts: [{ id: 'bench', psid: 'bench-placeholder-1psid', psidts: 'sidts-bench-placeholder' }],
  upstream: { origin: upstream, rotationIntervalSeconds: 0 },
  access: { apiKeys: limited ? [{ key: benchApiKey, name: 'bench', requestsPerHour: 1_000_000_000, modelIntervalSeconds: 0 }] : [] },
  rateLimit: limited
    ? { enabled: true, requestsPerHour: 1_000_000_000, modelIntervalSeconds: 0, store: mode === 'redis' ? 'redis' : 'memory', redisUrl: redisUrl ?? null }
    : { enabled: false },
}
// BENCH_CONFIG (JSON) replaces whole config sections, to measure what one setting costs
// (scripts/bench/cpu-split.ts), e.g. BENCH_CONFIG='{"conversations":{"enabled":false}}'.
if (process.env.BENCH_CONFIG) Object.assign(file, JSON.parse(process.env.BENCH_CONFIG) as object)
const config = buildConfig({ file, env: {} })

const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(line + '\n') })

const note = limited ? `API key required, ${mode === 'redis' ? 'Redis' : 'in-memory'} rate limiter (wired by createRuntime)` : 'no API keys, rate limits off'
// The test format stays mounted so the raw backend path can be measured while a real format is unfinished.
const runtime = createRuntime(config, logger, { formats: [...builtinFormats, createTestFormat()] })
await runtime.start()
const server = startServer({ app: runtime.app, config, logger, onStopped: () => runtime.stop() })
console.log(JSON.stringify({ ready: true, origin: server.url.origin, note }))

// BENCH_HEAP_REPORT=1: once a second, the JS heap and its most numerous object types on stderr
// (scripts/bench/stream-memory.ts), to see what an open stream holds; =gc collects first, so only
// live objects count (a full collection a second: slows the gateway, for diagnosis only).
if (process.env.BENCH_HEAP_REPORT) {
  const { heapStats } = await import('bun:jsc')
  setInterval(() => {
    if (process.env.BENCH_HEAP_REPORT === 'gc') Bun.gc(true)
    const stats = heapStats()
    const top = Object.entries(stats.objectTypeCounts).sort((left, right) => right[1] - left[1]).slice(0, 12)
    process.stderr.write(`${JSON.stringify({ heap: { heapSize: stats.heapSize, objects: stats.objectCount, rss: process.memoryUsage().rss, top } })}\n`)
  }, 1000).unref()
}

const stop = () => {
  runtime.markShuttingDown()
  void server.shutdown('bench').finally(() => {
    rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
