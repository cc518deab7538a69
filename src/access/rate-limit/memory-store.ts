/**
 * The in-process limit store. The window limit is a sliding log (the timestamps of the calls in
 * the window), which is exact: it never admits more than the limit in any window, with no 2x burst
 * at window edges and no approximation. Its cost, one number per counted call, is small at the
 * guide's 60 per hour. Both maps are LRU caches with a fixed size, so a flood of distinct client
 * addresses evicts the least recently seen clients instead of growing memory without bound.
 *
 * `decide` is synchronous, so two concurrent requests can never both pass the same check.
 */

import { LRUCache } from 'lru-cache'
import type { LimitCheck, LimitOutcome } from './limit-store.ts'

/** A LimitStore whose decisions are synchronous (so no await can split a check from its record). */
export type MemoryLimitStore = {
  decide(check: LimitCheck): LimitOutcome
  close(): void
  /** Entries currently held, for tests and metrics. */
  trackedEntries(): { windows: number; modelCalls: number }
}

/** Removes timestamps that left the window; the log is in call order, so they are at the front. */
function pruneLog(log: number[], now: number, windowMs: number): void {
  let expired = 0
  while (expired < log.length && log[expired]! <= now - windowMs) expired++
  if (expired > 0) log.splice(0, expired)
}

export function createMemoryStore(options: { maxTrackedClients: number }): MemoryLimitStore {
  const windows = new LRUCache<string, number[]>({ max: options.maxTrackedClients })
  const lastModelCalls = new LRUCache<string, number>({ max: options.maxTrackedClients })

  return {
    decide(check) {
      const { now, windowMs, requestsPerWindow: limit, modelIntervalMs } = check
      const log = limit > 0 ? windows.get(check.bucket) : undefined
      if (log) pruneLog(log, now, windowMs)
      const counted = log?.length ?? 0
      // The call at index counted-limit must leave the window before the count drops below the limit.
      const windowWaitMs = limit > 0 && counted >= limit ? log![counted - limit]! + windowMs - now : 0
      const lastCall = modelIntervalMs > 0 ? lastModelCalls.get(check.modelKey) : undefined
      const modelWaitMs = lastCall !== undefined && now - lastCall < modelIntervalMs ? lastCall + modelIntervalMs - now : 0

      const admitted = windowWaitMs <= 0 && modelWaitMs <= 0
      let current = log
      if (admitted) {
        if (limit > 0) {
          current = log ?? []
          // Keep the log sorted even if the clock stepped back (NTP, an injected test clock).
          let position = current.length
          while (position > 0 && current[position - 1]! > now) position--
          current.splice(position, 0, now)
          if (!log) windows.set(check.bucket, current)
        }
        if (modelIntervalMs > 0) lastModelCalls.set(check.modelKey, now)
      }
      const countInWindow = current?.length ?? 0
      const windowResetMs = countInWindow > 0 ? current![0]! + windowMs - now : 0
      return { admitted, countInWindow, windowResetMs, windowWaitMs: Math.max(0, windowWaitMs), modelWaitMs: Math.max(0, modelWaitMs) }
    },
    trackedEntries: () => ({ windows: windows.size, modelCalls: lastModelCalls.size }),
    close() {
      windows.clear()
      lastModelCalls.clear()
    },
  }
}
