/**
 * Where the CPU of a load goes: starts the emulator and the gateway (D), sends a bounded number of
 * requests, and prints each process's CPU time per request, by thread, so a wait (a fsync, a lock)
 * shows as wall time nobody spent.
 * `bun run scripts/bench/cpu-split.ts [requests] [concurrency] [openai|gemini|stream]`
 */

import { readdirSync, readFileSync } from 'node:fs'
import type { LoadResult } from './load-generator.ts'
import { clockTicksPerSecond, parseCpuTicks } from './process-stats.ts'
import { benchApiKey, buildGatewayRequest } from './requests.ts'
import { runGenerator } from './run-generator.ts'
import { spawnEntry } from './spawn-entry.ts'

const [countArgument = '3000', concurrencyArgument = '4', kind = 'openai'] = process.argv.slice(2)

function readThreads(pid: number): Map<string, number> {
  const threads = new Map<string, number>()
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      threads.set(`${name}#${task}`, parseCpuTicks(stat))
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads
}

const emulator = await spawnEntry(new URL('./emulator-entry.ts', import.meta.url).pathname, kind === 'stream' ? ['20', '64'] : [], 'emulator')
const gateway = await spawnEntry(new URL('./server-entry.ts', import.meta.url).pathname, ['full', emulator.origin], 'gateway')
try {
  const request = buildGatewayRequest(gateway.origin, kind === 'gemini' ? 'gemini' : 'openai', kind === 'stream', benchApiKey)
  await runGenerator<LoadResult>({ kind: 'load', request, count: 300, concurrency: Number(concurrencyArgument) })
  const before = { emulator: readThreads(emulator.pid), gateway: readThreads(gateway.pid) }
  const result = await runGenerator<LoadResult>({ kind: 'load', request, count: Number(countArgument), concurrency: Number(concurrencyArgument) })
  const after = { emulator: readThreads(emulator.pid), gateway: readThreads(gateway.pid) }
  const served = result.latencies.length
  const sorted = [...result.latencies].sort((a, b) => a - b)
  const percentile = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN
  console.log(`${served} requests, ${result.errors} errors, ${((served / result.wallMs) * 1000).toFixed(0)} req/s, wall ${result.wallMs.toFixed(0)} ms, latency p50 ${percentile(0.5)} ms p99 ${percentile(0.99)} ms`)
  for (const system of ['emulator', 'gateway'] as const) {
    let total = 0
    const rows: string[] = []
    for (const [thread, ticks] of after[system]) {
      const spent = ticks - (before[system].get(thread) ?? 0)
      total += spent
      if (spent > 0) rows.push(`  ${thread}: ${((spent / clockTicksPerSecond / served) * 1e6).toFixed(0)} µs/request`)
    }
    console.log(`${system}: ${((total / clockTicksPerSecond / served) * 1e6).toFixed(0)} µs CPU per request`)
    console.log(rows.join('\n'))
  }
} finally {
  await gateway.stop()
  await emulator.stop()
}
