/**
 * What 1,000 open streams cost the gateway (D): paced emulator (150 frames × 20 ms), N streams
 * at once, the gateway's RSS and live heap (BENCH_HEAP_REPORT, server-entry.ts) printed once a
 * second while they run and after they close.
 * `bun run scripts/bench/stream-memory.ts [streams] [seconds-after]` (BENCH_CONFIG applies)
 */

import type { StreamResult } from './load-generator.ts'
import { readRssMegabytes } from './process-stats.ts'
import { benchApiKey, buildGatewayRequest } from './requests.ts'
import { runGenerator } from './run-generator.ts'
import { spawnEntry } from './spawn-entry.ts'

const [streamsArgument = '1000', afterArgument = '10'] = process.argv.slice(2)
process.env.BENCH_HEAP_REPORT ??= '1'
const emulator = await spawnEntry(new URL('./emulator-entry.ts', import.meta.url).pathname, ['20', '150'], 'emulator')
const gateway = await spawnEntry(new URL('./server-entry.ts', import.meta.url).pathname, ['full', emulator.origin], 'gateway')
try {
  const request = buildGatewayRequest(gateway.origin, 'openai', true, benchApiKey)
  await runGenerator<StreamResult>({ kind: 'streams', request, count: 4, frames: 'sse' })
  await Bun.sleep(1000)
  const idle = readRssMegabytes(gateway.pid)
  let peak = idle
  const sampler = setInterval(() => {
    peak = Math.max(peak, readRssMegabytes(gateway.pid))
  }, 100)
  const result = await runGenerator<StreamResult>({ kind: 'streams', request, count: Number(streamsArgument), frames: 'sse' })
  clearInterval(sampler)
  const frames = result.framesPerStream.reduce((sum, count) => sum + count, 0)
  console.log(`idle ${idle.toFixed(1)} MB, peak ${peak.toFixed(1)} MB (+${(peak - idle).toFixed(1)}), frames ${frames}, errors ${result.errors}, max gap ${Math.max(...result.maxGapPerStream)} ms`)
  await Bun.sleep(Number(afterArgument) * 1000)
  console.log(`after ${afterArgument} s: ${readRssMegabytes(gateway.pid).toFixed(1)} MB`)
} finally {
  await gateway.stop()
  await emulator.stop()
}
