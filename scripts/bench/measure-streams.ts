/**
 * Stream measurements. Relay: a few paced streams (64 frames × 20 ms) straight to the emulator,
 * through the bare proxy and through the gateway, after unmeasured warm-up rounds; time to first
 * frame, to first text, and gaps between frames.
 * Memory: 1,000 paced streams open at once through the bare proxy and through the gateway; RSS
 * idle, while all are open (peak of 100 ms samples), and after a settle period; frames received
 * per stream against a solo stream's count, and the largest gap against the pacing.
 */

import type { FrameKind } from './frame-counter.ts'
import type { RequestSpec, StreamResult } from './load-generator.ts'
import { readRssMegabytes } from './process-stats.ts'
import { runGenerator } from './run-generator.ts'

export type RelayTarget = { key: 'A' | 'B' | 'D'; request: RequestSpec; frames: FrameKind }
export type RelayMeasurement = { firstFrameMs: number[]; firstTextMs: number[]; gaps: number[]; maxGap: number; framesPerStream: number[]; errors: number; firstError: string | null }

export async function measureRelay(targets: readonly RelayTarget[], options: { rounds: number; streamsPerRound: number; warmUpRounds: number }): Promise<Record<string, RelayMeasurement>> {
  // The relay systems are processes of their own that the request measurements never warmed:
  // unmeasured rounds first, so the first streams' session set-up and cold JIT are not counted.
  for (let round = 0; round < options.warmUpRounds; round++) {
    for (const target of targets) await runGenerator<StreamResult>({ kind: 'streams', request: target.request, count: options.streamsPerRound, frames: target.frames })
  }
  const measured: Record<string, RelayMeasurement> = {}
  for (let round = 0; round < options.rounds; round++) {
    for (const target of targets) {
      const result = await runGenerator<StreamResult>({ kind: 'streams', request: target.request, count: options.streamsPerRound, frames: target.frames })
      const slot = (measured[target.key] ??= { firstFrameMs: [], firstTextMs: [], gaps: [], maxGap: 0, framesPerStream: [], errors: 0, firstError: null })
      slot.firstFrameMs.push(...result.firstFrameMs)
      slot.firstTextMs.push(...result.firstTextMs)
      slot.gaps.push(...result.gaps)
      slot.maxGap = Math.max(slot.maxGap, ...result.maxGapPerStream)
      slot.framesPerStream.push(...result.framesPerStream)
      slot.errors += result.errors
      slot.firstError ??= result.firstError
    }
  }
  return measured
}

export type MemoryTarget = { key: 'B' | 'D'; pid: number; request: RequestSpec; frames: FrameKind }
export type MemoryMeasurement = {
  idleMegabytes: number
  openMegabytes: number
  peakMegabytes: number
  settledMegabytes: number
  streams: number
  openedAllMs: number | null
  expectedFrames: number
  streamsShort: number
  framesLost: number
  maxGap: number
  errors: number
  firstError: string | null
}

async function measureOpenStreams(target: MemoryTarget, streams: number): Promise<Omit<MemoryMeasurement, 'settledMegabytes'>> {
  // A few solo streams first: they warm the process and give the frame count of a whole answer.
  const reference = await runGenerator<StreamResult>({ kind: 'streams', request: target.request, count: 4, frames: target.frames })
  const expectedFrames = Math.max(0, ...reference.framesPerStream)
  await Bun.sleep(1000)
  const idleMegabytes = readRssMegabytes(target.pid)
  let peakMegabytes = idleMegabytes
  let openMegabytes = Number.NaN
  const sampler = setInterval(() => {
    peakMegabytes = Math.max(peakMegabytes, readRssMegabytes(target.pid))
  }, 100)
  let result: StreamResult
  try {
    result = await runGenerator<StreamResult>({ kind: 'streams', request: target.request, count: streams, frames: target.frames }, () => {
      openMegabytes = readRssMegabytes(target.pid)
    })
  } finally {
    clearInterval(sampler)
  }
  const received = result.framesPerStream.reduce((sum, frames) => sum + frames, 0)
  return {
    idleMegabytes,
    openMegabytes,
    peakMegabytes,
    streams,
    openedAllMs: result.openedAllMs,
    expectedFrames,
    streamsShort: result.framesPerStream.filter((frames) => frames < expectedFrames).length + (streams - result.framesPerStream.length),
    framesLost: Math.max(0, expectedFrames * streams - received),
    maxGap: Math.max(0, ...result.maxGapPerStream),
    errors: result.errors + reference.errors,
    firstError: reference.firstError ?? result.firstError,
  }
}

export async function measureMemory(targets: readonly MemoryTarget[], options: { streams: number; settleSeconds: number; log(line: string): void }): Promise<Record<string, MemoryMeasurement>> {
  const open: Record<string, Omit<MemoryMeasurement, 'settledMegabytes'>> = {}
  for (const target of targets) {
    open[target.key] = await measureOpenStreams(target, options.streams)
    options.log(`memory: ${options.streams} streams through ${target.key} done`)
  }
  // One settle period for all targets (the earlier ones settle a little longer; said in the notes).
  options.log(`memory: waiting ${options.settleSeconds} s after the streams closed`)
  await Bun.sleep(options.settleSeconds * 1000)
  const measured: Record<string, MemoryMeasurement> = {}
  for (const target of targets) measured[target.key] = { ...open[target.key]!, settledMegabytes: readRssMegabytes(target.pid) }
  return measured
}
