/**
 * What the status page shows about recent traffic, kept in memory with fixed bounds: the last
 * errors (newest first), error counts by kind since start, and generation requests per client in
 * the rate-limit window (the "current usage" next to the limits). Prometheus keeps the long view.
 * Requests are counted in 60 buckets per window, not one timestamp each: a busy client sends
 * hundreds of thousands of requests an hour, and this runs on every one of them.
 */

import { generationOperations, type Operation } from '../../formats/types.ts'
import type { AccessRecord, RequestObserver } from '../access-log.ts'

export type RecentError = { at: string; kind: string; status: number; path: string; message: string }

export type Usage = {
  /** Generation requests admitted in the window, all clients. */
  admitted: number
  /** Generation requests refused by the rate limiter in the window. */
  refused: number
  /** Busiest clients first: key name (`key:name`) or address, and their admitted requests. */
  clients: Array<{ client: string; requests: number }>
}

export type RecentActivity = RequestObserver & {
  recentErrors(): RecentError[]
  errorCounts(): Array<{ kind: string; count: number }>
  usage(): Usage
}

export type RecentActivityOptions = { windowMs: number; now?: () => number; errorCapacity?: number; clientCapacity?: number }

/** Requests in the window: counts per time bucket, oldest first, and their sum. */
type WindowCount = { buckets: Array<{ bucket: number; count: number }>; total: number }

const createWindowCount = (): WindowCount => ({ buckets: [], total: 0 })

export function createRecentActivity(options: RecentActivityOptions): RecentActivity {
  const now = options.now ?? Date.now
  const errorCapacity = options.errorCapacity ?? 50
  const clientCapacity = options.clientCapacity ?? 10_000
  const errors: RecentError[] = []
  const counts = new Map<string, number>()
  const bucketMs = Math.max(1, Math.floor(options.windowMs / 60))
  const admittedByClient = new Map<string, WindowCount>()
  const refusals = createWindowCount()

  /** A bucket leaves the window once its start is older than the window (it undercounts by at most one bucket). */
  const prune = (count: WindowCount) => {
    const oldestKept = Math.floor((now() - options.windowMs) / bucketMs) + 1
    while (count.buckets.length > 0 && count.buckets[0]!.bucket < oldestKept) count.total -= count.buckets.shift()!.count
    return count
  }
  const add = (count: WindowCount) => {
    const bucket = Math.floor(now() / bucketMs)
    const last = count.buckets.at(-1)
    if (last?.bucket === bucket) last.count++
    else count.buckets.push({ bucket, count: 1 })
    count.total++
    prune(count)
  }

  return {
    requestFinished(record: AccessRecord) {
      if (record.error && record.error.kind !== 'client_closed') {
        counts.set(record.error.kind, (counts.get(record.error.kind) ?? 0) + 1)
        errors.unshift({ at: new Date(now()).toISOString(), kind: record.error.kind, status: record.error.status, path: record.path, message: record.error.message })
        errors.length = Math.min(errors.length, errorCapacity)
      }
      if (!record.operation || !generationOperations.has(record.operation as Operation)) return
      if (record.error?.kind === 'rate_limited') {
        add(refusals)
        return
      }
      const client = record.keyName !== undefined ? `key:${record.keyName}` : record.client
      let count = admittedByClient.get(client)
      if (count) admittedByClient.delete(client)
      else {
        count = createWindowCount()
        if (admittedByClient.size >= clientCapacity) admittedByClient.delete(admittedByClient.keys().next().value as string)
      }
      // Re-inserted so the map's first key is the least recently active client.
      admittedByClient.set(client, count)
      add(count)
    },
    streamOpened() {
      // Streams count when they close, with their outcome.
    },
    recentErrors: () => [...errors],
    errorCounts: () => [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
    usage() {
      const clients: Usage['clients'] = []
      for (const [client, count] of admittedByClient) {
        if (prune(count).total === 0) admittedByClient.delete(client)
        else clients.push({ client, requests: count.total })
      }
      clients.sort((a, b) => b.requests - a.requests)
      return { admitted: clients.reduce((sum, entry) => sum + entry.requests, 0), refused: prune(refusals).total, clients: clients.slice(0, 10) }
    },
  }
}
