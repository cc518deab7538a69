/**
 * The contract between the rate limiter and where its state lives (process memory or Redis). One
 * call makes one whole decision — check both limits, record the call only if both pass — so each
 * store can make it atomic in its own way (a synchronous function, or one Lua script).
 */

export type LimitCheck = {
  /** Whose hourly quota this is: `key:<name>` or `ip:<address>`. */
  bucket: string
  /** Whose model spacing this is: per bucket and model, or per model when the scope is global. */
  modelKey: string
  /** Requests allowed in the sliding window; 0 = no such limit. */
  requestsPerWindow: number
  windowMs: number
  /** Minimum spacing between two calls of the same model; 0 = no such limit. */
  modelIntervalMs: number
  /** The caller's clock; the Redis store uses the server's clock instead, so instances agree. */
  now: number
}

export type LimitOutcome = {
  admitted: boolean
  /** Calls counted in the window after this decision. */
  countInWindow: number
  /** Milliseconds until the oldest counted call leaves the window (0 when none is counted). */
  windowResetMs: number
  /** Milliseconds until the window limit lets a call through (0 = not limiting). */
  windowWaitMs: number
  /** Milliseconds until the model spacing lets a call through (0 = not limiting). */
  modelWaitMs: number
}

export interface LimitStore {
  /** Decides and records atomically; throws when the store cannot be reached. */
  decide(check: LimitCheck): LimitOutcome | Promise<LimitOutcome>
  /** Checks the store can be reached (a shared store is asked at startup, not first on a request); throws when not. */
  ping?(): Promise<void>
  close(): void
}
