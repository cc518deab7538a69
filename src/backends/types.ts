/**
 * The shapes of models (data) and backends (code). A model is a row in a table that config can
 * override; a backend turns an internal request into a stream of parts. The real backend is the
 * Gemini web client; tests plug in a fake one through the same interface.
 */

import type { InternalRequest, StreamPart } from '../core/ir.ts'
import type { Logger } from '../lib/logger.ts'

export type ModelKind = 'text' | 'image'

export type ModelCapabilities = {
  streaming: boolean
  /** Accepts images and files as input. */
  vision: boolean
  thinking: boolean
  tools: boolean
  imageGeneration: boolean
  imageEditing: boolean
}

/**
 * What selects the model upstream. For the Gemini web backend: the key of a model-header entry in
 * the protocol data (so the hex value lives with the other protocol constants), whether the image
 * tool is forced, the thinking level, and the download size suffix for generated images.
 */
export type UpstreamSelector = {
  /** Key into the backend's protocol model table (e.g. 'fast', 'pro', 'thinking'); null = server default. */
  model: string | null
  /** Force the image-generation tool (image models have no header of their own upstream). */
  imageTool?: boolean
  /** Upstream thinking level (inner[80]) when the backend supports it. */
  thinkingLevel?: number
  /** Size suffix requested when downloading generated images, e.g. '=s2048' or '=s0' (original). */
  imageDownloadSuffix?: string
  /** The longest image side this model is expected to deliver, used in docs and checks only. */
  expectedImageSide?: number
}

export type ModelSpec = {
  id: string
  aliases: string[]
  displayName: string
  description: string
  kind: ModelKind
  /** Human-readable output resolution for image models ('2048x2048'), or null for text. */
  resolution: string | null
  /** Typical latency class as the guide states it ('fast', '~30s', ...). */
  speed: string
  recommendedUse: string
  capabilities: ModelCapabilities
  inputTokenLimit: number
  outputTokenLimit: number
  backend: string
  upstream: UpstreamSelector
}

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
  /** Load state (cookie jars, tokens). Called once before the server listens. */
  start?(): Promise<void>
  /** Persist state and stop timers; must tolerate a partial start. */
  stop?(): Promise<void>
}
