/**
 * Request measurements, interleaved so machine noise hits every system alike: latency at one
 * request in flight (rounds × requests, system order rotated each round) and the throughput
 * frontier (concurrency steps, each system per step). CPU time per request is read from the
 * system's own process counters around every job.
 */

import type { LoadResult, RequestSpec } from './load-generator.ts'
import { readCpuSeconds } from './process-stats.ts'
import { runGenerator } from './run-generator.ts'
import { summarize } from './statistics.ts'
import type { MeasuredSystem, SystemKey } from './systems.ts'

export type CpuAccount = { seconds: number; requests: number }
export type FrontierStep = { concurrency: number; requestsPerSecond: number; p99: number; errors: number }

export type RequestMeasurements = {
  latency: Record<string, { primary: number[]; secondary: number[]; errors: number; firstError: string | null }>
  frontier: Record<string, FrontierStep[]>
  cpu: Record<string, CpuAccount>
}

async function runCharged(system: MeasuredSystem, cpu: Record<string, CpuAccount>, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = system.pid === null ? 0 : readCpuSeconds(system.pid)
  const result = await run()
  if (system.pid !== null) {
    const account = (cpu[system.key] ??= { seconds: 0, requests: 0 })
    account.seconds += readCpuSeconds(system.pid) - before
    account.requests += result.latencies.length
  }
  return result
}

function rotate<T>(list: readonly T[], by: number): T[] {
  const shift = by % list.length
  return [...list.slice(shift), ...list.slice(0, shift)]
}

export async function warmUp(systems: readonly MeasuredSystem[], count: number): Promise<void> {
  for (const system of systems) {
    for (const request of [system.primary, system.secondary]) {
      const result = await runGenerator<LoadResult>({ kind: 'load', request, count, concurrency: 4 })
      if (result.errors > 0) throw new Error(`warm-up of ${system.key} failed: ${result.firstError}`)
    }
  }
}

export async function measureRequests(
  systems: readonly MeasuredSystem[],
  options: { rounds: number; requestsPerRound: number; concurrencySteps: readonly number[]; requestsPerStep: number; log(line: string): void },
): Promise<RequestMeasurements> {
  const measured: RequestMeasurements = { latency: {}, frontier: {}, cpu: {} }
  for (let round = 0; round < options.rounds; round++) {
    for (const system of rotate(systems, round)) {
      const slot = (measured.latency[system.key] ??= { primary: [], secondary: [], errors: 0, firstError: null })
      const rows: Array<['primary' | 'secondary', RequestSpec]> = system.key === 'A' || system.key === 'B' ? [['primary', system.primary]] : [['primary', system.primary], ['secondary', system.secondary]]
      for (const [row, request] of rows) {
        const result = await runCharged(system, measured.cpu, () => runGenerator<LoadResult>({ kind: 'sequence', request, count: options.requestsPerRound }))
        slot[row].push(...result.latencies)
        slot.errors += result.errors
        slot.firstError ??= result.firstError
      }
      // A and B answer the same StreamGenerate request in both rows.
      if (system.key === 'A' || system.key === 'B') slot.secondary = slot.primary
    }
    options.log(`latency round ${round + 1}/${options.rounds} done`)
  }
  for (const concurrency of options.concurrencySteps) {
    for (const system of rotate(systems, concurrency)) {
      const result = await runCharged(system, measured.cpu, () =>
        runGenerator<LoadResult>({ kind: 'load', request: system.primary, count: options.requestsPerStep, concurrency }),
      )
      const step: FrontierStep = {
        concurrency,
        requestsPerSecond: (result.latencies.length / result.wallMs) * 1000,
        p99: summarize(result.latencies).p99,
        errors: result.errors,
      }
      ;(measured.frontier[system.key] ??= []).push(step)
    }
    options.log(`frontier step c=${concurrency} done`)
  }
  return measured
}

/** The highest throughput among steps whose p99 stayed under the bound with no errors. */
export function findFrontier(steps: readonly FrontierStep[], p99BoundMs: number): FrontierStep | null {
  let best: FrontierStep | null = null
  for (const step of steps) {
    if (step.errors > 0 || !(step.p99 < p99BoundMs)) continue
    if (!best || step.requestsPerSecond > best.requestsPerSecond) best = step
  }
  return best
}

export const cpuMicrosecondsPerRequest = (account: CpuAccount | undefined): number | null =>
  account && account.requests > 0 ? (account.seconds / account.requests) * 1e6 : null

export type { SystemKey }
