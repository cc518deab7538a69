/**
 * The request context that flows through the pipeline stages. It is independent of Elysia: the
 * HTTP edge builds it from a Request, so every stage can be tested with a plain object.
 */

import type { InternalRequest, StreamPart } from '../core/ir.ts'
import type { DecodeInput, FormatPlugin, Operation, RouteMatch } from '../formats/types.ts'
import type { Logger } from '../lib/logger.ts'
import type { ModelSpec } from '../backends/types.ts'

export type ClientIdentity = {
  /** The client address (socket peer, or forwarded address from a trusted proxy). */
  address: string
  /** Name of the API key used, when keys are configured (never the key itself). */
  keyName?: string
  /** Per-key overrides of the rate limits. */
  limits?: { requestsPerHour?: number; modelIntervalSeconds?: number }
}

/** What the core produced, for the encode stage to render. */
export type CoreResult =
  | { kind: 'stream'; parts: AsyncIterable<StreamPart> }
  | { kind: 'models'; models: readonly ModelSpec[] }
  | { kind: 'model'; model: ModelSpec }
  | { kind: 'token-count'; totalTokens: number }

export type PipelineContext = {
  readonly request: Request
  readonly url: URL
  readonly requestId: string
  readonly format: FormatPlugin
  readonly match: RouteMatch
  readonly startedAt: number
  readonly logger: Logger
  /** Aborted when the client goes away or the server shuts down. */
  readonly signal: AbortSignal
  client: ClientIdentity
  /** Headers added to whatever response goes out (rate-limit quota, request id). */
  responseHeaders: Headers
  /** The parsed body, read once on first use (after auth). */
  readBody(): Promise<unknown>
  /** The wire request in the shape formats decode. */
  decodeInput(): Promise<DecodeInput>
  /** The model id the request names (path or body), read cheaply for the rate limiter. */
  requestedModelId(): Promise<string | undefined>
  /** The model id if it is known without reading anything more (for logs). */
  knownModelId(): string | undefined
  /** Stops this request's upstream work (the client went away). */
  abort(): void
  model?: ModelSpec
  internal?: InternalRequest
  result?: CoreResult
  response?: Response
  /** True once a streamed response has started; it reports its own end. */
  streaming?: boolean
}

export type Stage = (context: PipelineContext, next: () => Promise<void>) => Promise<void>

export function operationOf(context: PipelineContext): Operation {
  return context.match.operation
}
