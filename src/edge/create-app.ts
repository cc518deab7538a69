/**
 * The HTTP edge. Elysia only routes: each format route builds a pipeline context from the Request
 * and hands it to the pipeline; info and plain routes answer directly. Request ids, the access
 * log, in-flight tracking and unknown-route answers live here, so stages never see HTTP plumbing.
 */

import { Elysia } from 'elysia'
import type { AttachmentResolver, ImageStore } from '../core/attachments.ts'
import { inlineOnlyResolver } from '../core/attachments.ts'
import { ProxyError, toProxyError } from '../core/errors.ts'
import type { Config } from '../config/schema.ts'
import type { DecodeInput, FormatPlugin, RouteSpec } from '../formats/types.ts'
import { createAccessLog } from './access-log.ts'
import { jsonResponse } from './json-response.ts'
import { createInFlightTracker, type InFlightTracker } from './in-flight.ts'
import { readRequestBody } from './read-body.ts'
import type { Logger } from '../lib/logger.ts'
import type { ClientIdentity, PipelineContext } from '../pipeline/context.ts'
import { createPipeline, renderError } from '../pipeline/run-pipeline.ts'
import { createAuthStage, openAuthenticator, type Authenticator } from '../pipeline/stages/auth.ts'
import { createCoreStage } from '../pipeline/stages/core.ts'
import { createDecodeStage } from '../pipeline/stages/decode.ts'
import { createEncodeStage } from '../pipeline/stages/encode.ts'
import { createRateLimitStage, type RateLimiter } from '../pipeline/stages/rate-limit.ts'
import type { ModelRegistry } from '../models/model-registry.ts'
import type { BackendPlugin } from '../backends/types.ts'
import { answerCookieStatus, answerHealth, answerInfo, answerModelCatalogue, type InfoDependencies } from './info-routes.ts'

/** A route outside the format pipeline (image delivery, admin). */
export type PlainRoute = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  handle(request: Request, client: { address: string }): Response | Promise<Response>
}

export type AppDependencies = {
  config: Config
  logger: Logger
  models: ModelRegistry
  backends: ReadonlyMap<string, BackendPlugin>
  formats: readonly FormatPlugin[]
  authenticator?: Authenticator
  rateLimiter?: RateLimiter | null
  attachments?: AttachmentResolver
  images?: ImageStore | null
  plainRoutes?: readonly PlainRoute[]
  /** Maps the socket peer to the client address (trusted-proxy rules live in the access module). */
  resolveClientAddress?: (request: Request, peerAddress: string) => string
  inFlight?: InFlightTracker
  isShuttingDown?: () => boolean
}

export type App = {
  /** Handles a Request; the server passes the socket peer, tests may pass any address. */
  handle(request: Request, peerAddress?: string): Promise<Response>
  inFlight: InFlightTracker
}

type Peer = { requestIP?: (request: Request) => { address: string } | null } | null | undefined

function createRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`
}

/** Chooses the envelope for answers that no format route produced (unknown paths). */
function formatForPath(formats: readonly FormatPlugin[], path: string): FormatPlugin | undefined {
  const gemini = formats.find((format) => format.id === 'gemini')
  const openai = formats.find((format) => format.id === 'openai')
  if (/^\/(gemini\/)?v1(beta)?\/models\/[^/]+:/.test(path) || path.startsWith('/gemini/') || path.startsWith('/v1beta/')) return gemini
  if (path.startsWith('/v1/')) return openai
  return undefined
}

export function createApp(dependencies: AppDependencies): App {
  const { config, logger } = dependencies
  const inFlight = dependencies.inFlight ?? createInFlightTracker()
  const startedAt = Date.now()
  const isShuttingDown = dependencies.isShuttingDown ?? (() => false)
  const resolveClientAddress = dependencies.resolveClientAddress ?? ((_request, peer) => peer)

  const logAccess = createAccessLog(logger, config.logging.accessLog)
  /** What the edge keeps per request besides the pipeline context. */
  const edgeStates = new WeakMap<PipelineContext, { finish(): void; startedAt: number }>()

  const pipeline = createPipeline({
    auth: createAuthStage(dependencies.authenticator ?? openAuthenticator),
    rateLimit: createRateLimitStage(dependencies.rateLimiter ?? null, (name) => dependencies.models.find(name)?.id ?? name.trim()),
    decode: createDecodeStage(),
    core: createCoreStage({
      models: dependencies.models,
      backends: dependencies.backends,
      attachments: dependencies.attachments ?? inlineOnlyResolver,
      images: dependencies.images ?? null,
      maxAttachmentBytes: config.images.maxUploadBytes,
    }),
    encode: createEncodeStage({
      keepAliveMs: config.server.keepAliveSeconds * 1000,
      onStreamClose: (context, outcome) => {
        const state = edgeStates.get(context)!
        const error = outcome.error === undefined ? undefined : toProxyError(outcome.error)
        logAccess({ requestId: context.requestId, method: context.request.method, path: context.url.pathname, status: 200, model: context.model?.id, startedAt: state.startedAt, client: context.client.address, error, stream: true, cancelled: outcome.cancelled })
        state.finish()
      },
    }),
  })

  async function runFormatRoute(format: FormatPlugin, route: RouteSpec, request: Request, wildcard: string, peerAddress: string): Promise<Response> {
    const monotonicStart = performance.now()
    const requestId = request.headers.get('x-request-id')?.match(/^[\w.-]{1,64}$/)?.[0] ?? createRequestId()
    const url = new URL(request.url)
    const controller = new AbortController()
    const finish = inFlight.begin(() => controller.abort(new ProxyError('service_unavailable', 'The server is shutting down; retry the request', { retryAfterSeconds: 5 })))
    request.signal?.addEventListener('abort', () => controller.abort(request.signal.reason), { once: true })
    const clientAddress = resolveClientAddress(request, peerAddress)
    const match = route.resolve(wildcard, url)
    let bodyPromise: Promise<unknown> | undefined
    const readBody = () => (bodyPromise ??= readRequestBody(request, config.server.maxBodyBytes))
    let inputPromise: Promise<DecodeInput> | undefined
    let input: DecodeInput | undefined
    const responseHeaders = new Headers({ 'x-request-id': requestId })
    const context: PipelineContext = {
      request,
      url,
      requestId,
      format,
      match: match ?? { operation: 'list-models' },
      startedAt: Date.now(),
      logger: logger.child({ request_id: requestId }),
      signal: controller.signal,
      client: { address: clientAddress } satisfies ClientIdentity,
      responseHeaders,
      readBody,
      decodeInput: () =>
        (inputPromise ??= readBody().then((body) => ({
          operation: context.match.operation,
          body,
          pathModelId: context.match.modelId,
          pathStream: context.match.stream === true,
          query: url.searchParams,
          headers: request.headers,
          limits: config.images,
        })).then((decoded) => (input = decoded))),
      async requestedModelId() {
        return context.match.modelId ?? format.readModelId(await context.decodeInput())
      },
      knownModelId: () => context.model?.id ?? context.match.modelId ?? (input ? format.readModelId(input) : undefined),
      abort: () => controller.abort(new DOMException('The client closed the request', 'AbortError')),
    }
    edgeStates.set(context, { finish, startedAt: monotonicStart })
    if (!match) {
      const error = new ProxyError('not_found', `Unknown path ${url.pathname}`)
      finish()
      logAccess({ requestId, method: request.method, path: url.pathname, status: 404, startedAt: monotonicStart, client: clientAddress, error })
      return renderError(context, error)
    }
    const { response, error } = await pipeline(context)
    if (!context.streaming || error) {
      finish()
      logAccess({ requestId, method: request.method, path: url.pathname, status: response.status, model: context.knownModelId(), startedAt: monotonicStart, client: clientAddress, error })
    }
    return response
  }

  const infoDependencies: InfoDependencies = {
    models: dependencies.models,
    backends: dependencies.backends,
    formats: dependencies.formats,
    startedAt,
    isShuttingDown,
    extraEndpoints: (dependencies.plainRoutes ?? []).map((route) => `${route.method} ${route.path}`),
  }

  // Requests handled without a socket (tests, benchmarks) carry their peer address here.
  const socketlessPeers = new WeakMap<Request, string>()
  const peerOf = (server: Peer, request: Request) => socketlessPeers.get(request) ?? server?.requestIP?.(request)?.address ?? '127.0.0.1'

  const plainHandler = (handle: (request: Request, client: { address: string }) => Response | Promise<Response>) =>
    async ({ request, server }: { request: Request; server: Peer }) => {
      const monotonicStart = performance.now()
      const client = resolveClientAddress(request, peerOf(server, request))
      const response = await handle(request, { address: client })
      const path = new URL(request.url).pathname
      if (path !== '/health') logAccess({ requestId: createRequestId(), method: request.method, path, status: response.status, startedAt: monotonicStart, client })
      return response
    }

  // Elysia's route methods register on the instance itself; the returned types only grow.
  const elysia = new Elysia()
  // Hooks apply to routes registered after them, so the fallback error handler comes first.
  elysia.onError({ as: 'global' }, ({ code, request }) => {
    const path = new URL(request.url).pathname
    const format = formatForPath(dependencies.formats, path)
    const error = code === 'NOT_FOUND' ? new ProxyError('not_found', `Unknown path ${request.method} ${path}`) : new ProxyError('internal', 'Internal server error')
    if (!format) return jsonResponse({ error: { message: error.message, kind: error.kind } }, error.status)
    const rendered = format.encodeError(error)
    return jsonResponse(rendered.body, rendered.status)
  })
  elysia
    .get('/health', plainHandler(() => answerHealth(infoDependencies)))
    .get('/api/info', plainHandler(() => answerInfo(infoDependencies)))
    .get('/api/cookies/status', plainHandler(() => answerCookieStatus(infoDependencies)))
    .get('/api/models', plainHandler(() => answerModelCatalogue(infoDependencies)))
  for (const route of dependencies.plainRoutes ?? []) {
    elysia.route(route.method, route.path, plainHandler(route.handle), { parse: 'none' })
  }
  for (const format of dependencies.formats) {
    for (const route of format.routes) {
      const handler = ({ request, server, params }: { request: Request; server: Peer; params?: Record<string, string> }) =>
        runFormatRoute(format, route, request, decodeWildcard(params?.['*'] ?? ''), peerOf(server, request))
      elysia.route(route.method, route.path, handler, { parse: 'none' })
    }
  }

  return {
    inFlight,
    handle: (request, peerAddress = '127.0.0.1') => {
      socketlessPeers.set(request, peerAddress)
      return elysia.handle(request)
    },
  }
}

function decodeWildcard(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
