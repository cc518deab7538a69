/**
 * Where a streamed answer waits: paced emulator (64 frames × 20 ms), straight (A) and through the
 * gateway (D), a number of rounds of N concurrent streams (D: OpenAI format); prints time to
 * first text and the gap distribution of each, so a stall (GC, a timer, a write) or a late first
 * text shows without the whole bench.
 * `bun run scripts/bench/relay-gaps.ts [rounds] [streams] [warm-up streams]` (BENCH_CONFIG applies,
 * see server-entry.ts)
 */

import type { StreamResult } from './load-generator.ts'
import type { FrameKind } from './frame-counter.ts'
import type { RequestSpec } from './load-generator.ts'
import { benchApiKey, buildGatewayRequest, buildStreamGenerateRequest } from './requests.ts'
import { runGenerator } from './run-generator.ts'
import { spawnEntry } from './spawn-entry.ts'
import { summarize } from './statistics.ts'

const [roundsArgument = '10', streamsArgument = '8', warmUpArgument = '0'] = process.argv.slice(2)
const emulator = await spawnEntry(new URL('./emulator-entry.ts', import.meta.url).pathname, ['20', '64'], 'emulator')
const gateway = await spawnEntry(new URL('./server-entry.ts', import.meta.url).pathname, ['full', emulator.origin], 'gateway')
try {
  const targets: Array<{ key: string; request: RequestSpec; frames: FrameKind }> = [
    { key: 'A', request: await buildStreamGenerateRequest(emulator.origin, emulator.origin), frames: 'framed' },
    { key: 'D', request: buildGatewayRequest(gateway.origin, 'openai', true, benchApiKey), frames: 'sse' },
  ]
  // Optional warm-up: this many streams through each target (64 at a time), unmeasured.
  for (const target of targets) if (Number(warmUpArgument) > 0) await runGenerator({ kind: 'load', request: target.request, count: Number(warmUpArgument), concurrency: 64 })
  const measured = new Map(targets.map((target) => [target.key, { firstText: [] as number[], gaps: [] as number[], errors: 0 }]))
  for (let round = 0; round < Number(roundsArgument); round++) {
    for (const target of targets) {
      const result = await runGenerator<StreamResult>({ kind: 'streams', request: target.request, count: Number(streamsArgument), frames: target.frames })
      const slot = measured.get(target.key)!
      slot.firstText.push(...result.firstTextMs)
      slot.gaps.push(...result.gaps)
      slot.errors += result.errors
    }
  }
  for (const [key, { firstText, gaps, errors }] of measured) {
    const text = summarize(firstText)
    const gap = summarize(gaps)
    const over = (limit: number) => gaps.filter((value) => value > limit).length
    console.log(`${key}: first text p50 ${text.p50} p99 ${text.p99}; gaps p50 ${gap.p50} p99 ${gap.p99} max ${Math.max(...gaps)}; gaps > 30 ms: ${over(30)}, > 50 ms: ${over(50)} of ${gaps.length}; errors ${errors}`)
  }
} finally {
  await gateway.stop()
  await emulator.stop()
}
