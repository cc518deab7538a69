/**
 * The HTTP edge. Elysia only routes: each format route builds a pipeline context from the Request
 * and hands it to the pipeline; info and plain routes answer directly. Request ids, the access
 * log, in-flight tracking and unknown-route answers live here, so stages never see HTTP plumbing.
 */

import { Elysia } from 'elysia'
import { createAdminGuard, type AdminGuard } from '../access/index.ts'
import type { AttachmentResolver, ImageStore } from '../core/attachments.ts'
import { inlineOnlyResolver } from '../core/attachments.ts'
import { errorResponseHeaders, ProxyError, toProxyError } from '../core/errors.ts'
import type { Config } from '../config/schema.ts'
import type { ConversationTracker } from '../conversations/track-conversations.ts'
import { formatForPath } from '../formats/registry.ts'
import type { FormatPlugin, RouteSpec } from '../formats/types.ts'
import { createAccessLog, type AccessRecord, type RequestObserver } from './access-log.ts'
import { jsonResponse } from '../lib/json-response.ts'
import { createInFlightTracker, type InFlightTracker } from './in-flight.ts'
import type { Logger } from '../lib/logger.ts'
import { createPipelineContext, type PipelineContext } from '../pipeline/context.ts'
import { createPipeline, renderError } from '../pipeline/run-pipeline.ts'
import { createAuthStage, openAuthenticator, type Authenticator } from '../pipeline/stages/auth.ts'
import { createCoreStage } from '../pipeline/stages/core.ts'
import { createDecodeStage } from '../pipeline/stages/decode.ts'
import { createEncodeStage } from '../pipeline/stages/encode.ts'
import { createRateLimitStage, type RateLimiter } from '../pipeline/stages/rate-limit.ts'
import type { ModelRegistry } from '../models/model-registry.ts'
import type { BackendPlugin } from '../backends/types.ts'
import type { PlainRoute } from './plain-route.ts'
import { readRequestTarget } from './read-request-target.ts'
import { createClientSlots } from './client-slots.ts'
import { createCorsPolicy, isPreflight } from './cors.ts'
import { answerCookieStatus, answerHealth, answerInfo, answerModelCatalogue, answerReadiness, type InfoDependencies } from './info-routes.ts'


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
  conversations?: ConversationTracker | null
  plainRoutes?: readonly PlainRoute[]
  /** Maps the socket peer to the client address (trusted-proxy rules live in the access module). */
  resolveClientAddress?: (request: Request, peerAddress: string) => string
  inFlight?: InFlightTracker
  isShuttingDown?: () => boolean
  /** Told about every request the access log sees (metrics, recent activity). */
  requestObserver?: RequestObserver
  /** Decides who is the operator (per-account details on /api/cookies/status). */
  adminGuard?: AdminGuard
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

/** Elysia's path syntax as a pattern, for finding the methods a path does answer (405 Allow). */
function pathPattern(path: string): RegExp {
  const source = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+').replace(/\*/g, '.*')
  return new RegExp(`^${source}$`)
}

export function createApp(dependencies: AppDependencies): App {
  const { config, logger } = dependencies
  const inFlight = dependencies.inFlight ?? createInFlightTracker()
  const startedAt = Date.now()
  const isShuttingDown = dependencies.isShuttingDown ?? (() => false)
  const resolveClientAddress = dependencies.resolveClientAddress ?? ((_request, peer) => peer)

  const writeAccessLog = createAccessLog(logger, config.logging.accessLog)
  const logAccess = (record: AccessRecord) => {
    writeAccessLog(record)
    dependencies.requestObserver?.requestFinished(record)
  }
  /** What the edge keeps per request besides the pipeline context. */
  const edgeStates = new WeakMap<PipelineContext, { finish(): void; startedAt: number; labels: Pick<AccessRecord, 'route' | 'format' | 'operation'> }>()

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
      conversations: dependencies.conversations ?? null,
    }),
    encode: createEncodeStage({
      keepAliveMs: config.server.keepAliveSeconds * 1000,
      onStreamClose: (context, outcome) => {
        const state = edgeStates.get(context)!
        const error = outcome.error === undefined ? undefined : toProxyError(outcome.error)
        logAccess({ requestId: context.requestId, method: context.request.method, path: context.url.pathname, status: 200, model: context.model?.id, startedAt: state.startedAt, client: context.client.address, error, stream: true, cancelled: outcome.cancelled, ...state.labels, keyName: context.client.keyName })
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
    const context = createPipelineContext({
      request,
      url,
      requestId,
      format,
      match: match ?? { operation: 'list-models' },
      logger: logger.child({ request_id: requestId }),
      signal: controller.signal,
      client: { address: clientAddress },
      responseHeaders: new Headers({ 'x-request-id': requestId, ...(format.requestIdHeader ? { [format.requestIdHeader]: requestId } : {}) }),
      maxBodyBytes: config.server.maxBodyBytes,
      bodyTimeoutSeconds: config.server.bodyTimeoutSeconds,
      ...(route.accepts ? { accepts: route.accepts } : {}),
      limits: config.images,
      abort: () => controller.abort(new DOMException('The client closed the request', 'AbortError')),
    })
    const labels = { route: route.path, format: format.id, operation: context.match.operation }
    edgeStates.set(context, { finish, startedAt: monotonicStart, labels })
    if (!match) {
      const error = new ProxyError('not_found', `Unknown path ${url.pathname}`)
      finish()
      logAccess({ requestId, method: request.method, path: url.pathname, status: 404, startedAt: monotonicStart, client: clientAddress, error, route: route.path, format: format.id })
      return renderError(context, error)
    }
    const { response, error } = await pipeline(context)
    const record = { requestId, method: request.method, path: url.pathname, status: response.status, model: context.knownModelId(), startedAt: monotonicStart, client: clientAddress, error, ...labels, keyName: context.client.keyName }
    if (!context.streaming || error) {
      finish()
      logAccess(record)
    } else {
      dependencies.requestObserver?.streamOpened(record)
    }
    return response
  }

  const adminGuard = dependencies.adminGuard ?? createAdminGuard(config)
  const mayReadAccountDetails = (request: Request, address: string): boolean => {
    if (config.access.accountDetails === 'everyone') return true
    try {
      adminGuard(request, address)
      return true
    } catch {
      return false
    }
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

  const plainHandler = (route: PlainRoute) =>
    async ({ request, server }: { request: Request; server: Peer }) => {
      const monotonicStart = performance.now()
      const client = resolveClientAddress(request, peerOf(server, request))
      const response = await route.handle(request, { address: client })
      const path = new URL(request.url).pathname
      if (path !== '/health' && path !== '/ready') logAccess({ requestId: createRequestId(), method: request.method, path, status: response.status, startedAt: monotonicStart, client, route: route.path })
      return response
    }

  // Elysia's route methods register on the instance itself; the returned types only grow.
  const elysia = new Elysia()
  // Hooks apply to routes registered after them, so the fallback error handler comes first.
  // Every method and path the app answers, so a known path asked with the wrong method gets 405.
  const registered: Array<{ method: string; pattern: RegExp }> = []
  const register = (method: string, path: string) => registered.push({ method, pattern: pathPattern(path) })
  /** An answer no format route produced, in the envelope of the format whose paths it is under. */
  const renderEdgeError = (path: string, error: ProxyError): Response => {
    const format = formatForPath(dependencies.formats, path)
    const rendered = format ? format.encodeError(error) : { status: error.status, body: { error: { message: error.message, kind: error.kind } } }
    return jsonResponse(rendered.body, rendered.status, { ...errorResponseHeaders(error), ...rendered.headers })
  }
  elysia.onError({ as: 'global' }, ({ code, request }) => {
    const path = new URL(request.url).pathname
    const allowed = code === 'NOT_FOUND' ? [...new Set(registered.filter((route) => route.pattern.test(path)).map((route) => route.method))] : []
    const error =
      code !== 'NOT_FOUND'
        ? new ProxyError('internal', 'Internal server error')
        : allowed.length > 0
          ? new ProxyError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}`, { headers: { allow: allowed.join(', ') } })
          : new ProxyError('not_found', `Unknown path ${request.method} ${path}`)
    // Probes of unknown paths belong in the access log too (under their real path).
    logAccess({ requestId: createRequestId(), method: request.method, path, status: error.status, startedAt: performance.now(), client: resolveClientAddress(request, socketlessPeers.get(request) ?? '127.0.0.1'), error })
    return renderEdgeError(path, error)
  })
  const infoRoutes: PlainRoute[] = [
    { method: 'GET', path: '/health', handle: (request) => answerHealth(infoDependencies, request) },
    { method: 'GET', path: '/ready', handle: () => answerReadiness(infoDependencies) },
    { method: 'GET', path: '/api/info', handle: () => answerInfo(infoDependencies) },
    { method: 'GET', path: '/api/cookies/status', handle: (request, client) => answerCookieStatus(infoDependencies, mayReadAccountDetails(request, client.address)) },
    { method: 'GET', path: '/api/models', handle: () => answerModelCatalogue(infoDependencies) },
  ]
  for (const route of [...infoRoutes, ...(dependencies.plainRoutes ?? [])]) {
    elysia.route(route.method, route.path, plainHandler(route), { parse: 'none' })
    register(route.method, route.path)
  }
  for (const format of dependencies.formats) {
    for (const route of format.routes) {
      const handler = ({ request, server, params }: { request: Request; server: Peer; params?: Record<string, string> }) =>
        runFormatRoute(format, route, request, decodeWildcard(params?.['*'] ?? ''), peerOf(server, request))
      elysia.route(route.method, route.path, handler, { parse: 'none' })
      register(route.method, route.path)
    }
  }

  const cors = createCorsPolicy(config.server.corsOrigins)
  const slots = createClientSlots(config.server.maxRequestsPerClient)
  /** An answer given before routing (bad target, preflight, too many at once), logged like any other. */
  const answerAtEdge = (request: Request, path: string, client: string, error: ProxyError): Response => {
    logAccess({ requestId: createRequestId(), method: request.method, path, status: error.status, startedAt: performance.now(), client, error })
    return renderEdgeError(path, error)
  }

  return {
    inFlight,
    handle: async (incoming, peerAddress = '127.0.0.1') => {
      const target = readRequestTarget(incoming)
      if (!target.ok) return answerAtEdge(incoming, target.path, peerAddress, new ProxyError('invalid_request', target.reason))
      const { request, path } = target
      const client = resolveClientAddress(request, peerAddress)
      // Only the API routes take part in CORS; operator routes refuse foreign origins outright.
      const origin = formatForPath(dependencies.formats, path) ? request.headers.get('origin') : null
      const crossOrigin = origin !== null && cors.allows(origin)
      if (origin !== null && isPreflight(request)) {
        if (crossOrigin) return cors.answerPreflight(request)
        return answerAtEdge(request, path, client, new ProxyError('permission_denied', `Cross-origin requests from ${origin} are not allowed; the operator can allow the origin with server.corsOrigins`))
      }
      const release = slots.take(client)
      if (!release) {
        const limit = config.server.maxRequestsPerClient
        return answerAtEdge(request, path, client, new ProxyError('rate_limited', `This client has ${limit} requests in flight already (server.maxRequestsPerClient); wait for one to finish`, { retryAfterSeconds: 1 }))
      }
      try {
        socketlessPeers.set(request, peerAddress)
        const response = await elysia.handle(request)
        return crossOrigin ? cors.decorate(request, response) : response
      } finally {
        release()
      }
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
