/**
 * The format plugin contract. A format owns its routes and its wire shapes: it decodes a wire
 * request into the internal request, and encodes internal responses, stream parts, model lists
 * and errors back into exact wire bytes. It never calls another format or the backend.
 */

import type { ProxyError } from '../core/errors.ts'
import type { InternalRequest, InternalResponse, StreamPart, Usage, Warning } from '../core/ir.ts'
import type { ModelSpec } from '../models/model-spec.ts'

export type Operation =
  | 'generate'
  | 'count-tokens'
  | 'list-models'
  | 'get-model'
  | 'generate-image'
  | 'edit-image'

/** Operations that call the backend; only these are rate limited. */
export const generationOperations: ReadonlySet<Operation> = new Set(['generate', 'generate-image', 'edit-image'])

export type RouteMatch = {
  operation: Operation
  modelId?: string
  /** Set when the path itself asks for a stream (Gemini `:streamGenerateContent`). */
  stream?: boolean
}

/** How a request body may come: JSON, or multipart/form-data (file uploads). */
export type BodyType = 'json' | 'multipart'

export type RouteSpec = {
  method: 'GET' | 'POST'
  /** Elysia path; Gemini uses a wildcard because `{model}:{method}` shares one segment. */
  path: string
  /**
   * Which operation a request on this path is, and the model named by the path if any.
   * `wildcard` is the decoded `*` segment ('' when the path has none). Null answers 404.
   */
  resolve(wildcard: string, url: URL): RouteMatch | null
  /** Body types the route takes (415 for others); JSON only when not said. */
  accepts?: readonly BodyType[]
}

export type DecodeInput = {
  operation: Operation
  /** Parsed JSON, FormData for multipart bodies, undefined when the request has no body. */
  body: unknown
  /** Model id from the path (Gemini), before alias resolution. */
  pathModelId: string | undefined
  /** True when the path asks for a stream (Gemini `:streamGenerateContent`). */
  pathStream: boolean
  query: URLSearchParams
  headers: Headers
  /** Upload limits from config (`images`); decoders fall back to the schema defaults without them. */
  limits?: { maxUploadBytes: number; maxImagesPerRequest: number }
  /** Where decoders report what they accepted but cannot honour (sent back as response headers). */
  warnings: Warning[]
}

export type EncodeMeta = {
  requestId: string
  operation: Operation
  /** The resolved model. */
  model: ModelSpec
  /** The id the caller used (an alias stays an alias in the echo where the format echoes it). */
  requestedModelId: string
  /** Unix seconds when the request arrived. */
  created: number
  request: InternalRequest
  /** What the caller accepts (Gemini raw image responses use it). */
  accept: string | null
  query: URLSearchParams
  /** Usage so far, counted once by the core as parts pass (formats that repeat it per chunk read it here). */
  usage(): Usage
}

/** A whole response. `body` is JSON unless it is a Uint8Array (raw bytes, e.g. an image). */
export type EncodedResponse = { status?: number; headers?: Record<string, string>; body: unknown }

export interface StreamEncoder {
  readonly contentType: string
  /** Bytes before the first part (the '[' of a JSON-array stream); usually none. */
  start(): string[]
  /** 0..n complete frames for one part, exactly as they go on the wire. */
  encode(part: StreamPart): string[]
  /** Frames that close the stream (OpenAI: 'data: [DONE]\n\n'). */
  end(): string[]
  /** Frames for an error after the status line was sent; `end()` is not called after it. */
  error(error: ProxyError): string[]
  /** A frame that keeps proxies and clients from timing out and that no client reads as data. */
  keepAlive(): string
}

export type TokenCount = { totalTokens: number }

export interface FormatPlugin {
  readonly id: string
  readonly routes: readonly RouteSpec[]
  /**
   * The paths this format answers for, so an unknown path or a wrong method under them gets this
   * format's error envelope. A string is a path prefix, a RegExp a pattern tested from the start;
   * the format whose declaration matches the longest part of the path wins.
   */
  readonly pathPrefixes: readonly (string | RegExp)[]
  /**
   * Sends the request id under this header too, besides `x-request-id` (Anthropic's SDK reads
   * `request-id` into `_request_id` and `APIError.requestID`).
   */
  readonly requestIdHeader?: string
  /** The model id a request names, read cheaply (path or body field) for the rate limiter. */
  readModelId(input: DecodeInput): string | undefined
  /** Wire request to internal request. Throws ProxyError('invalid_request') with a clear message. */
  decodeRequest(input: DecodeInput): InternalRequest | Promise<InternalRequest>
  encodeResponse(response: InternalResponse, meta: EncodeMeta): EncodedResponse
  /** Needed when a route of the format can stream. */
  createStreamEncoder?(meta: EncodeMeta): StreamEncoder
  /** Needed when a route of the format lists or reads models. */
  encodeModelList?(models: readonly ModelSpec[]): unknown
  encodeModel?(model: ModelSpec): unknown
  /** Needed when a route of the format counts tokens. */
  encodeTokenCount?(count: TokenCount, meta: EncodeMeta): unknown
  /** The error in this format's envelope, with its HTTP status; `requestId` when the request has one. */
  encodeError(error: ProxyError, requestId?: string): { status: number; body: unknown; headers?: Record<string, string> }
}
