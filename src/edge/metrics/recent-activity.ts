/**
 * What the status page shows about recent traffic, kept in memory with fixed bounds: the last
 * errors (newest first), error counts by kind since start, and generation requests per client in
 * the rate-limit window (the "current usage" next to the limits). Prometheus keeps the long view.
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

export function createRecentActivity(options: RecentActivityOptions): RecentActivity {
  const now = options.now ?? Date.now
  const errorCapacity = options.errorCapacity ?? 50
  const clientCapacity = options.clientCapacity ?? 10_000
  const errors: RecentError[] = []
  const counts = new Map<string, number>()
  const admittedByClient = new Map<string, number[]>()
  let refusals: number[] = []

  const cutoff = () => now() - options.windowMs
  const prune = (times: number[]) => {
    const limit = cutoff()
    let first = 0
    while (first < times.length && times[first]! <= limit) first++
    return first === 0 ? times : times.slice(first)
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
        refusals = prune(refusals)
        refusals.push(now())
        return
      }
      const client = record.keyName !== undefined ? `key:${record.keyName}` : record.client
      const times = prune(admittedByClient.get(client) ?? [])
      admittedByClient.delete(client)
      if (admittedByClient.size >= clientCapacity) admittedByClient.delete(admittedByClient.keys().next().value as string)
      admittedByClient.set(client, [...times, now()])
    },
    streamOpened() {
      // Streams count when they close, with their outcome.
    },
    recentErrors: () => [...errors],
    errorCounts: () => [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
    usage() {
      const clients: Usage['clients'] = []
      for (const [client, times] of admittedByClient) {
        const kept = prune(times)
        if (kept.length === 0) admittedByClient.delete(client)
        else {
          admittedByClient.set(client, kept)
          clients.push({ client, requests: kept.length })
        }
      }
      refusals = prune(refusals)
      clients.sort((a, b) => b.requests - a.requests)
      return { admitted: clients.reduce((sum, entry) => sum + entry.requests, 0), refused: refusals.length, clients: clients.slice(0, 10) }
    },
  }
}
