/**
 * Where a streamed answer waits: paced emulator (64 frames × 20 ms), the gateway (D), a number of
 * rounds of N concurrent OpenAI-format streams; prints time to first text and the gap
 * distribution, so a stall (GC, a timer, a write) shows without the whole bench.
 * `bun run scripts/bench/relay-gaps.ts [rounds] [streams]` (BENCH_CONFIG applies, see server-entry.ts)
 */

import type { StreamResult } from './load-generator.ts'
import { benchApiKey, buildGatewayRequest } from './requests.ts'
import { runGenerator } from './run-generator.ts'
import { spawnEntry } from './spawn-entry.ts'
import { summarize } from './statistics.ts'

const [roundsArgument = '10', streamsArgument = '8'] = process.argv.slice(2)
const emulator = await spawnEntry(new URL('./emulator-entry.ts', import.meta.url).pathname, ['20', '64'], 'emulator')
const gateway = await spawnEntry(new URL('./server-entry.ts', import.meta.url).pathname, ['full', emulator.origin], 'gateway')
try {
  const request = buildGatewayRequest(gateway.origin, 'openai', true, benchApiKey)
  const firstText: number[] = []
  const gaps: number[] = []
  let errors = 0
  for (let round = 0; round < Number(roundsArgument); round++) {
    const result = await runGenerator<StreamResult>({ kind: 'streams', request, count: Number(streamsArgument), frames: 'sse' })
    firstText.push(...result.firstTextMs)
    gaps.push(...result.gaps)
    errors += result.errors
  }
  const text = summarize(firstText)
  const gap = summarize(gaps)
  const over = (limit: number) => gaps.filter((value) => value > limit).length
  console.log(`first text p50 ${text.p50} p99 ${text.p99}; gaps p50 ${gap.p50} p99 ${gap.p99} max ${Math.max(...gaps)}; gaps > 30 ms: ${over(30)}, > 50 ms: ${over(50)} of ${gaps.length}; errors ${errors}`)
} finally {
  await gateway.stop()
  await emulator.stop()
}
