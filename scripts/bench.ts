/**
 * `npm run bench [-- --quick] [--settle-seconds N] [--no-write]`: measures the gateway against a
 * direct call and a bare Bun proxy, all on loopback, each system in its own process, and writes
 * the results block of docs/benchmarks.md. Full run stays under 5 minutes on 2 cores; --quick is
 * a small run for development. See docs/benchmarks.md for what each system is.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { buildResultsBlock, mergeIntoDocument, type ReportInput } from './bench/build-report.ts'
import { measureRequests, warmUp } from './bench/measure-requests.ts'
import { measureMemory, measureRelay } from './bench/measure-streams.ts'
import { readMachine } from './bench/process-stats.ts'
import { startCluster } from './bench/systems.ts'
import { measureParserThroughput } from './bench-parser.ts'
import { measureConversationBytes } from './bench/measure-conversation-bytes.ts'

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const settleIndex = argv.indexOf('--settle-seconds')
const settleSeconds = settleIndex >= 0 ? Number(argv[settleIndex + 1]) : quick ? 3 : 30
if (!Number.isFinite(settleSeconds) || settleSeconds < 0) throw new Error('--settle-seconds needs a non-negative number')
const write = !argv.includes('--no-write')
const documentPath = new URL('../docs/benchmarks.md', import.meta.url).pathname

const settings = quick
  ? { rounds: 2, requestsPerRound: 100, concurrencySteps: [1, 4, 16, 64], requestsPerStep: 300, relayRounds: 1, relayWarmUpRounds: 1, relayStreams: 4, streams: 200, settleSeconds, frameDelayMs: 20, relayFrames: 64, memoryFrames: 100 }
  : { rounds: 5, requestsPerRound: 300, concurrencySteps: [1, 2, 4, 8, 16, 32, 64], requestsPerStep: 1500, relayRounds: 6, relayWarmUpRounds: 3, relayStreams: 8, streams: 1000, settleSeconds, frameDelayMs: 20, relayFrames: 64, memoryFrames: 150 }

const log = (line: string) => console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(0)} s] ${line}`)
const startedAt = performance.now()

const cluster = await startCluster({ memoryFrames: settings.memoryFrames, relayFrames: settings.relayFrames, frameDelayMs: settings.frameDelayMs })
let report: ReportInput
try {
  log(`systems up: ${cluster.systems.map((system) => system.key).join(', ')}; formats ${cluster.formats.primary}/${cluster.formats.secondary}; ${cluster.accessNote}`)
  await warmUp(cluster.systems, quick ? 100 : 300)
  log('warm-up done')
  const requests = await measureRequests(cluster.systems, { ...settings, log })
  const relay = await measureRelay(
    [
      { key: 'A', request: cluster.relay.direct, frames: 'framed' },
      { key: 'B', request: cluster.relay.proxy, frames: 'framed' },
      { key: 'D', request: cluster.relay.gateway, frames: 'sse' },
    ],
    { rounds: settings.relayRounds, streamsPerRound: settings.relayStreams, warmUpRounds: settings.relayWarmUpRounds },
  )
  log('relay done')
  const memory = await measureMemory(
    [
      { key: 'B', pid: cluster.memory.proxy.pid, request: cluster.memory.proxy.request, frames: 'framed' },
      { key: 'D', pid: cluster.memory.gateway.pid, request: cluster.memory.gateway.request, frames: 'sse' },
    ],
    { streams: settings.streams, settleSeconds: settings.settleSeconds, log },
  )
  const parser = measureParserThroughput()
  log('parser done')
  const conversationBytes = await measureConversationBytes()
  log('conversation bytes done')
  const notes = [
    '(A)/(B) measure one StreamGenerate round trip in Google\'s wire format; (C)/(D)/(E) measure an OpenAI- or Gemini-format request that causes one StreamGenerate round trip upstream: they also parse the framed upstream body and re-encode it, which (B) does not. (B) is the floor, not a like-for-like peer.',
    'Every server runs with the access log off and log level warn; BUN_CONFIG_MAX_HTTP_REQUESTS=4096; NODE_ENV=production. Load comes from a separate Bun fetch process per job.',
    `CPU per request: utime+stime of the system's own process (1/100 s ticks) over all latency and frontier jobs; (A) has no process in between.`,
    `(D) wiring: ${cluster.accessNote}.`,
    ...cluster.formats.notes,
    'Stream rows: (A)/(B) count Google frames; (D) counts SSE data events of the streamed answer. Frames lost = solo-stream count × streams − frames received.',
    'Memory: (B) and (D) run their 1,000 streams one after the other, then one settle period; (B) settles a few seconds longer.',
    `Bytes sent upstream for a ${conversationBytes.turns}-turn chat (form bodies of StreamGenerate): ${conversationBytes.withConversations.total} with conversations continued upstream (last turn ${conversationBytes.withConversations.lastTurn}), ${conversationBytes.without.total} with the whole history resent each turn (last turn ${conversationBytes.without.lastTurn}).`,
  ]
  report = {
    date: new Date().toISOString(),
    machine: readMachine(),
    bunVersion: Bun.version,
    quick,
    settings,
    requests,
    relay,
    memory,
    parserMegabytesPerSecond: parser.megabytesPerSecond,
    parserFixture: parser.fixture,
    notes,
    redisNote: cluster.redisNote,
    durationSeconds: (performance.now() - startedAt) / 1000,
  }
} finally {
  await cluster.stop()
}

const block = buildResultsBlock(report)
console.log(block)
if (write) {
  const existing = existsSync(documentPath) ? readFileSync(documentPath, 'utf8') : null
  writeFileSync(documentPath, mergeIntoDocument(existing, block, '# Benchmarks\n'))
  log(`written to ${documentPath}`)
}
process.exit(0)
