/**
 * The backend contract: a backend turns an internal request for a model (src/models/model-spec.ts)
 * into a stream of parts and reports the state of its accounts. The real backend is the Gemini
 * web client; tests plug in a fake one through the same interface.
 */

import type { InternalRequest, StreamPart } from '../core/ir.ts'
import type { Logger } from '../lib/logger.ts'
import type { ModelSpec } from '../models/model-spec.ts'

/** ready; cooling (a model or the whole account rests); signed-out; device-bound (dies soon); checking (not confirmed yet). */
export type AccountState = 'ready' | 'cooling' | 'signed-out' | 'device-bound' | 'checking'

export type KeeperState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped'

/** The browser keeper of an account (src/backends/gemini-web/browser-keeper/), when it has one. */
export type KeeperStatus = {
  state: KeeperState
  detail: string | null
  /** `page`: answers are fetched from inside the browser page. */
  transport: 'gateway' | 'page'
  pid: number | null
  restarts: number
  lastSyncAt: string | null
  lastCookieChangeAt: string | null
  /** Resident memory of the browser and its helper processes. */
  memoryBytes: number | null
  cpuSeconds: number | null
}

export type AccountStatus = {
  id: string
  state: AccountState
  /** What the state means for this account now (which model rests until when, the last error). */
  detail: string | null
  /** What the operator can do about it. */
  fix: string | null
  /** A signed-in session was confirmed with the upstream. */
  signedIn: boolean
  /** The account can take a request now (signed in and not resting as a whole). */
  ready: boolean
  /** Names (never values) of the cookies this account holds. */
  cookieNames: string[]
  lastGoodAt: string | null
  lastRotationAt: string | null
  lastRotationError: string | null
  lastError: { kind: string; message: string; at: string } | null
  coolingDownUntil: string | null
  /** Models resting on this account, and until when. */
  modelCooldowns: Record<string, string>
  /** When the session will likely stop working, when that can be told (device-bound sessions). */
  predictedExpiry: string | null
  /** What the upstream offers this account, when the backend discovers it. */
  models?: { tier: string; source: string; discoveredAt: string; roles: Record<string, string>; error?: string } | null
  /** The browser keeper holding this account's session, when it has one. */
  keeper?: KeeperStatus
}

export type BackendStatus = {
  ready: boolean
  /** True when the backend runs against the in-process emulator with placeholder cookies. */
  demo: boolean
  accounts: AccountStatus[]
}

export type BackendCallContext = {
  signal: AbortSignal
  requestId: string
  logger: Logger
}

export interface BackendPlugin {
  readonly id: string
  /**
   * The one code path: streaming and non-streaming callers both consume this stream; the collector
   * turns it into a whole response. Failures before the first part throw a ProxyError; failures
   * after it arrive as an `error` part.
   */
  stream(request: InternalRequest, model: ModelSpec, context: BackendCallContext): AsyncIterable<StreamPart>
  status(): BackendStatus
  /** Load state (cookie jars, tokens). Called once before the server listens. */
  start?(): Promise<void>
  /** Persist state and stop timers; must tolerate a partial start. */
  stop?(): Promise<void>
}
