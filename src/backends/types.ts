/**
 * The backend contract: a backend turns an internal request for a model (src/models/model-spec.ts)
 * into a stream of parts and reports the state of its accounts. The real backend is the Gemini
 * web client; tests plug in a fake one through the same interface.
 */

import type { InternalRequest, StreamPart } from '../core/ir.ts'
import type { Logger } from '../lib/logger.ts'
import type { ModelSpec } from '../models/model-spec.ts'

export type AccountStatus = {
  id: string
  /** A signed-in session was confirmed with the upstream. */
  signedIn: boolean
  /** The account can take a request now (signed in and not cooling down). */
  ready: boolean
  /** Names (never values) of the cookies this account holds. */
  cookieNames: string[]
  lastRotationAt: string | null
  lastRotationError: string | null
  lastError: { kind: string; message: string; at: string } | null
  coolingDownUntil: string | null
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
  /** Why this backend could not serve a model row (checked at startup, so a bad row never reaches a request), or null. */
  checkModel?(model: ModelSpec): string | null
  /** Load state (cookie jars, tokens). Called once before the server listens. */
  start?(): Promise<void>
  /** Persist state and stop timers; must tolerate a partial start. */
  stop?(): Promise<void>
}
