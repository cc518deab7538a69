/**
 * The load generator, run as its own process so its CPU never counts against a system under
 * test. It takes one job as JSON (argv[2]), runs it with Bun's fetch and prints one JSON result
 * line. Every loop is bounded by the job's request count. Jobs:
 * - sequence: N requests one after another (latency at one in flight);
 * - load: N requests spread over C concurrent workers (throughput frontier);
 * - streams: N streaming requests opened at once; per-stream first-frame time, frames, gaps.
 *   Prints `{"allOpen":true}` once every stream has delivered its first frame.
 */

import { createFrameCounter, type FrameKind } from './frame-counter.ts'

export type RequestSpec = { url: string; method: string; headers: Record<string, string>; body?: string }

export type Job =
  | { kind: 'sequence'; request: RequestSpec; count: number }
  | { kind: 'load'; request: RequestSpec; count: number; concurrency: number }
  | { kind: 'streams'; request: RequestSpec; count: number; frames: FrameKind }

export type LoadResult = { latencies: number[]; wallMs: number; errors: number; firstError: string | null }

export type StreamResult = {
  firstFrameMs: number[]
  /** Time to the first frame that carries answer text (frame-counter.ts). */
  firstTextMs: number[]
  framesPerStream: number[]
  maxGapPerStream: number[]
  /** Every gap between consecutive frames of every stream (ms), for gap percentiles. */
  gaps: number[]
  errors: number
  firstError: string | null
  openedAllMs: number | null
}

const round = (value: number) => Math.round(value * 1000) / 1000

async function sendOnce(request: RequestSpec): Promise<{ ok: boolean; detail: string }> {
  const init: RequestInit = { method: request.method, headers: request.headers }
  if (request.body !== undefined) init.body = request.body
  const response = await fetch(request.url, init)
  const text = await response.text()
  return { ok: response.status === 200, detail: response.status === 200 ? '' : `${response.status} ${text.slice(0, 300)}` }
}

async function runLoad(request: RequestSpec, count: number, concurrency: number): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  let firstError: string | null = null
  let issued = 0
  const worker = async () => {
    while (issued < count) {
      issued++
      const started = performance.now()
      try {
        const outcome = await sendOnce(request)
        latencies.push(round(performance.now() - started))
        if (!outcome.ok) {
          errors++
          firstError ??= outcome.detail
        }
      } catch (error) {
        errors++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
  return { latencies, wallMs: round(performance.now() - started), errors, firstError }
}

async function runStreams(request: RequestSpec, count: number, frames: FrameKind): Promise<StreamResult> {
  const result: StreamResult = { firstFrameMs: [], firstTextMs: [], framesPerStream: [], maxGapPerStream: [], gaps: [], errors: 0, firstError: null, openedAllMs: null }
  const started = performance.now()
  let opened = 0
  const openOne = async () => {
    const counter = createFrameCounter(frames)
    const decoder = new TextDecoder()
    const begin = performance.now()
    let received = 0
    let last = -1
    let maxGap = 0
    try {
      const init: RequestInit = { method: request.method, headers: request.headers }
      if (request.body !== undefined) init.body = request.body
      const response = await fetch(request.url, init)
      if (response.status !== 200 || !response.body) throw new Error(`status ${response.status}: ${(await response.text()).slice(0, 300)}`)
      const reader = response.body.getReader()
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        const { completed, withText } = counter.push(decoder.decode(chunk.value, { stream: true }))
        if (completed === 0) continue
        const now = performance.now()
        if (withText > 0) result.firstTextMs.push(round(now - begin))
        if (received === 0) {
          result.firstFrameMs.push(round(now - begin))
          if (++opened === count) {
            result.openedAllMs = round(now - started)
            console.log(JSON.stringify({ allOpen: true }))
          }
        } else {
          const gap = now - last
          result.gaps.push(round(gap))
          maxGap = Math.max(maxGap, gap)
        }
        // Frames that arrive in one read share a timestamp: gaps of 0 between them.
        for (let extra = 1; extra < completed; extra++) result.gaps.push(0)
        received += completed
        last = now
      }
    } catch (error) {
      result.errors++
      result.firstError ??= error instanceof Error ? error.message : String(error)
    }
    result.framesPerStream.push(received)
    result.maxGapPerStream.push(round(maxGap))
  }
  await Promise.all(Array.from({ length: count }, openOne))
  return result
}

export async function runJob(job: Job): Promise<LoadResult | StreamResult> {
  if (job.kind === 'sequence') return runLoad(job.request, job.count, 1)
  if (job.kind === 'load') return runLoad(job.request, job.count, job.concurrency)
  return runStreams(job.request, job.count, job.frames)
}

if (import.meta.main) {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job
  const result = await runJob(job)
  console.log(JSON.stringify({ result }))
  process.exit(0)
}
