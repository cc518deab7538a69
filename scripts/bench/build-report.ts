/**
 * Turns the measurements into the results block of docs/benchmarks.md: context (date, machine,
 * Bun version, run size), the ratio table against (B), the targets as measured (never asserted)
 * and the notes a reader needs to interpret the numbers. The hand-written parts of the document
 * outside the results markers are kept as they are.
 */

import { formatNumber, formatRatioTable, formatTarget, type MetricRow } from './format-table.ts'
import { cpuMicrosecondsPerRequest, findFrontier, type RequestMeasurements } from './measure-requests.ts'
import type { MemoryMeasurement, RelayMeasurement } from './measure-streams.ts'
import { summarize } from './statistics.ts'
import { systemTitles } from './systems.ts'

export const resultsStart = '<!-- bench:results:start -->'
export const resultsEnd = '<!-- bench:results:end -->'

export type ReportInput = {
  date: string
  machine: { cores: number; memoryGigabytes: number; cpuModel: string }
  bunVersion: string
  quick: boolean
  settings: { rounds: number; requestsPerRound: number; concurrencySteps: readonly number[]; requestsPerStep: number; relayRounds: number; relayWarmUpRounds: number; relayStreams: number; streams: number; settleSeconds: number; frameDelayMs: number; relayFrames: number; memoryFrames: number }
  requests: RequestMeasurements
  relay: Record<string, RelayMeasurement>
  memory: Record<string, MemoryMeasurement>
  parserMegabytesPerSecond: number
  parserFixture: string
  notes: string[]
  redisNote: string | null
  durationSeconds: number
}

const frontierBoundMs = 10

function byKey(fill: (key: string) => number | string | null): Record<string, number | string | null> {
  return Object.fromEntries(systemTitles.map(({ key }) => [key, fill(key)]))
}

export function buildRows(input: ReportInput): MetricRow[] {
  const { requests, relay, memory } = input
  const latency = (row: 'primary' | 'secondary', percent: 'p50' | 'p99') =>
    byKey((key) => {
      if (key === 'E' && input.redisNote) return input.redisNote
      const samples = requests.latency[key]?.[row]
      return samples && samples.length > 0 ? summarize(samples)[percent] : null
    })
  const added = (percent: 'p50' | 'p99') => {
    const direct = requests.latency.A?.primary
    const base = direct && direct.length > 0 ? summarize(direct)[percent] : Number.NaN
    return byKey((key) => {
      const samples = requests.latency[key]?.primary
      if (key === 'A' || !samples || samples.length === 0) return null
      return summarize(samples)[percent] - base
    })
  }
  const frontier = byKey((key) => findFrontier(requests.frontier[key] ?? [], frontierBoundMs)?.requestsPerSecond ?? null)
  const frontierAt = byKey((key) => findFrontier(requests.frontier[key] ?? [], frontierBoundMs)?.concurrency ?? null)
  const relayValue = (pick: (measured: RelayMeasurement) => number) => byKey((key) => (relay[key] ? pick(relay[key]!) : null))
  const memoryValue = (pick: (measured: MemoryMeasurement) => number) => byKey((key) => (memory[key] ? pick(memory[key]!) : null))
  return [
    { label: 'latency c=1 p50, OpenAI-format request (A/B: StreamGenerate)', unit: 'ms', values: latency('primary', 'p50') },
    { label: 'latency c=1 p99, OpenAI-format request', unit: 'ms', values: latency('primary', 'p99') },
    { label: 'latency c=1 p50, Gemini-format request', unit: 'ms', values: latency('secondary', 'p50') },
    { label: 'latency c=1 p99, Gemini-format request', unit: 'ms', values: latency('secondary', 'p99') },
    { label: 'added over A, p50', unit: 'ms', values: added('p50') },
    { label: 'added over A, p99', unit: 'ms', values: added('p99') },
    { label: `throughput frontier (max with p99 < ${frontierBoundMs} ms)`, unit: 'req/s', values: frontier },
    { label: 'frontier reached at concurrency', unit: 'in flight', values: frontierAt, ratio: false },
    { label: 'CPU per request (system process only)', unit: 'µs', values: byKey((key) => cpuMicrosecondsPerRequest(requests.cpu[key])) },
    { label: 'stream: time to first frame p50', unit: 'ms', values: relayValue((measured) => summarize(measured.firstFrameMs).p50) },
    { label: 'stream: time to first text p50', unit: 'ms', values: relayValue((measured) => summarize(measured.firstTextMs).p50) },
    { label: 'stream: time to first text p99', unit: 'ms', values: relayValue((measured) => summarize(measured.firstTextMs).p99) },
    { label: 'stream: inter-frame gap p50', unit: 'ms', values: relayValue((measured) => summarize(measured.gaps).p50) },
    { label: 'stream: inter-frame gap p99', unit: 'ms', values: relayValue((measured) => summarize(measured.gaps).p99) },
    { label: 'stream: largest gap', unit: 'ms', values: relayValue((measured) => measured.maxGap) },
    { label: `memory idle (before ${input.settings.streams} streams)`, unit: 'MB RSS', values: memoryValue((measured) => measured.idleMegabytes) },
    { label: `memory with ${input.settings.streams} streams open (peak)`, unit: 'MB RSS', values: memoryValue((measured) => measured.peakMegabytes) },
    { label: `memory ${input.settings.settleSeconds} s after they closed`, unit: 'MB RSS', values: memoryValue((measured) => measured.settledMegabytes) },
    { label: `${input.settings.streams} streams: frames lost`, unit: 'frames', values: memoryValue((measured) => measured.framesLost), ratio: false },
    { label: `${input.settings.streams} streams: largest gap (pacing ${input.settings.frameDelayMs} ms)`, unit: 'ms', values: memoryValue((measured) => measured.maxGap) },
  ]
}

function buildTargets(input: ReportInput): string[] {
  const { requests, memory } = input
  const p = (key: string, percent: 'p50' | 'p99') => {
    const samples = requests.latency[key]?.primary
    return samples && samples.length > 0 ? summarize(samples)[percent] : null
  }
  const difference = (left: number | null, right: number | null) => (left === null || right === null ? null : left - right)
  const cpuD = cpuMicrosecondsPerRequest(requests.cpu.D)
  const cpuB = cpuMicrosecondsPerRequest(requests.cpu.B)
  const streams = memory.D
  const firstText = (key: string) => {
    const samples = input.relay[key]?.firstTextMs
    return samples && samples.length > 0 ? summarize(samples).p50 : null
  }
  const lines = [
    formatTarget('(D) added p50 over (B)', difference(p('D', 'p50'), p('B', 'p50')), 0.5, 'ms'),
    formatTarget('(D) added p99 over (B)', difference(p('D', 'p99'), p('B', 'p99')), 2, 'ms'),
    formatTarget('(D) CPU per request ÷ (B)', cpuD !== null && cpuB !== null ? cpuD / cpuB : null, 2.5, '×'),
    formatTarget('(D) time to first text p50 over (B)', difference(firstText('D'), firstText('B')), 1, 'ms'),
  ]
  if (streams) {
    lines.push(formatTarget(`(D) ${streams.streams} streams: frames lost (${streams.streamsShort} streams short, ${streams.errors} errors)`, streams.framesLost, 0, 'frames'))
    const bareGap = memory.B?.maxGap
    lines.push(formatTarget(`(D) ${streams.streams} streams: largest gap ÷ (B)'s`, bareGap ? streams.maxGap / bareGap : null, 1.5, '×'))
    lines.push(formatTarget(`(D) ${streams.streams} streams: memory over idle (peak − idle)`, streams.peakMegabytes - streams.idleMegabytes, 100, 'MB'))
    lines.push(formatTarget(`(D) memory ${input.settings.settleSeconds} s after close, over idle`, ((streams.settledMegabytes - streams.idleMegabytes) / streams.idleMegabytes) * 100, 10, '%'))
  }
  return lines
}

export function buildResultsBlock(input: ReportInput): string {
  const { settings } = input
  const errors = Object.entries(input.requests.latency)
    .filter(([, measured]) => measured.errors > 0)
    .map(([key, measured]) => `- (${key}) ${measured.errors} failed requests; first: ${measured.firstError}`)
  const streamErrors = Object.entries({ ...input.relay, ...input.memory })
    .filter(([, measured]) => measured.errors > 0)
    .map(([key, measured]) => `- (${key}) stream errors: ${measured.errors}; first: ${measured.firstError}`)
  return [
    resultsStart,
    `## Latest results (${input.quick ? 'quick run — small samples, indicative only' : 'full run'})`,
    '',
    `- date: ${input.date}; run time ${Math.round(input.durationSeconds)} s`,
    `- machine: ${input.machine.cores} cores (${input.machine.cpuModel}), ${formatNumber(input.machine.memoryGigabytes)} GB memory; Bun ${input.bunVersion}`,
    `- latency: ${settings.rounds} rounds × ${settings.requestsPerRound} requests per system and format, one in flight, order rotated each round`,
    `- frontier: concurrency ${settings.concurrencySteps.join(', ')}; ${settings.requestsPerStep} requests per step and system`,
    `- relay: ${settings.relayRounds} rounds × ${settings.relayStreams} concurrent streams after ${settings.relayWarmUpRounds} unmeasured rounds, emulator paced ${settings.relayFrames} frames × ${settings.frameDelayMs} ms`,
    `- memory: ${settings.streams} concurrent streams of ${settings.memoryFrames} frames × ${settings.frameDelayMs} ms; settle ${settings.settleSeconds} s`,
    '',
    'Values in brackets are ratios against (B), the bare Bun proxy. "—" = not applicable.',
    '',
    formatRatioTable(buildRows(input), systemTitles, 'B'),
    '',
    `Upstream parser throughput on the largest fixture (${input.parserFixture}): **${formatNumber(input.parserMegabytesPerSecond)} MB/s**.`,
    '',
    '### Targets (measured, not asserted)',
    '',
    ...buildTargets(input),
    '',
    '### Run notes',
    '',
    ...input.notes.map((note) => `- ${note}`),
    ...(input.redisNote ? [`- (E): ${input.redisNote}`] : []),
    ...errors,
    ...streamErrors,
    resultsEnd,
  ].join('\n')
}

/** Replaces the results block of an existing document, or appends one. */
export function mergeIntoDocument(existing: string | null, block: string, template: string): string {
  const base = existing ?? template
  const start = base.indexOf(resultsStart)
  const end = base.indexOf(resultsEnd)
  if (start >= 0 && end > start) return base.slice(0, start) + block + base.slice(end + resultsEnd.length)
  return `${base.trimEnd()}\n\n${block}\n`
}
