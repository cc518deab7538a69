/**
 * The request context that flows through the pipeline stages, and the one function that builds
 * it. It is independent of Elysia: the HTTP edge passes a Request and what it knows of the caller,
 * and everything a stage may ask of the request (the body, read once; the decode input; the model
 * id) is defined here, so no stage calls back into the edge.
 */

import type { InternalRequest, StreamPart, Usage, Warning } from '../core/ir.ts'
import type { BodyType, DecodeInput, FormatPlugin, RouteMatch } from '../formats/types.ts'
import type { Logger } from '../lib/logger.ts'
import { readRequestBody } from './read-body.ts'
import type { ModelSpec } from '../models/model-spec.ts'

export type ClientIdentity = {
  /** The client address (socket peer, or forwarded address from a trusted proxy). */
  address: string
  /** Name of the API key used, when keys are configured (never the key itself). */
  keyName?: string
  /** Per-key overrides of the rate limits. */
  limits?: { requestsPerHour?: number; modelIntervalSeconds?: number }
}

/** What the core produced, for the encode stage to render. */
type CoreResult =
  /** `usage` is the running count of what has passed so far (formats repeat it per chunk). */
  | { kind: 'stream'; parts: AsyncIterable<StreamPart>; usage(): Usage }
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
  /** What decoding accepted but cannot honour; the core sends it in the stream-start part. */
  readonly warnings: Warning[]
  model?: ModelSpec
  internal?: InternalRequest
  result?: CoreResult
  response?: Response
  /** True once a streamed response has started; it reports its own end. */
  streaming?: boolean
}

export type Stage = (context: PipelineContext, next: () => Promise<void>) => Promise<void>

export type ContextInput = {
  request: Request
  url: URL
  requestId: string
  format: FormatPlugin
  match: RouteMatch
  logger: Logger
  /** Aborted when the client goes away or the server shuts down. */
  signal: AbortSignal
  client: ClientIdentity
  responseHeaders: Headers
  maxBodyBytes: number
  /** Longest time to receive the body (408 after). */
  bodyTimeoutSeconds: number
  /** Body types the route takes (src/formats/types.ts RouteSpec.accepts). */
  accepts?: readonly BodyType[]
  /** Upload limits handed to decoders (config `images`). */
  limits: DecodeInput['limits']
  abort(): void
}

export function createPipelineContext(input: ContextInput): PipelineContext {
  const { request, url, format, match } = input
  let bodyPromise: Promise<unknown> | undefined
  let inputPromise: Promise<DecodeInput> | undefined
  let decoded: DecodeInput | undefined
  const warnings: Warning[] = []
  const readBody = () =>
    (bodyPromise ??= readRequestBody(request, { maxBytes: input.maxBodyBytes, timeoutSeconds: input.bodyTimeoutSeconds, ...(input.accepts ? { accepts: input.accepts } : {}) }))
  const context: PipelineContext = {
    request,
    url,
    requestId: input.requestId,
    format,
    match,
    startedAt: Date.now(),
    logger: input.logger,
    signal: input.signal,
    client: input.client,
    responseHeaders: input.responseHeaders,
    warnings,
    readBody,
    decodeInput: () =>
      (inputPromise ??= readBody().then((body) => {
        decoded = {
          operation: match.operation,
          body,
          pathModelId: match.modelId,
          pathStream: match.stream === true,
          query: url.searchParams,
          headers: request.headers,
          warnings,
          ...(input.limits ? { limits: input.limits } : {}),
        }
        return decoded
      })),
    async requestedModelId() {
      return match.modelId ?? format.readModelId(await context.decodeInput())
    },
    knownModelId: () => context.model?.id ?? match.modelId ?? (decoded ? format.readModelId(decoded) : undefined),
    abort: input.abort,
  }
  return context
}
