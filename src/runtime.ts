/**
 * Assembles the running gateway from a config: backends, model registry, formats, access
 * control, image store and the app. main.ts, the demo, tests and benchmarks all build the same
 * runtime, so what is tested is what runs.
 */

import { createAdminGuard, createApiKeyAuthenticator, createClientAddressResolver, createRateLimiter } from './access/index.ts'
import { createApp, type App, type AppDependencies } from './edge/create-app.ts'
import { createRemoteAttachmentResolver } from './attachments/fetch-remote-attachments.ts'
import type { Config } from './config/schema.ts'
import { createConversations } from './conversations/create-conversation-store.ts'
import { builtinFormats } from './formats/index.ts'
import type { Logger } from './lib/logger.ts'
import { registerSecret } from './lib/redact.ts'
import { createAlertSender } from './accounts/send-alert.ts'
import { createBuiltinBackends } from './backends/index.ts'
import { createImageDelivery } from './edge/images/image-delivery.ts'
import { resolvePublicBaseUrl } from './edge/images/public-base-url.ts'
import { createBackendRegistry } from './backends/registry.ts'
import { createAdminRoutes } from './edge/admin-routes.ts'
import type { BackendPlugin } from './backends/types.ts'
import { assertModelsServable } from './backends/check-models.ts'
import { observeBackend } from './backends/observe-backend.ts'
import type { ManagedRateLimiter } from './access/index.ts'
import { combineRequestObservers } from './edge/access-log.ts'
import { createGatewayMetrics } from './edge/metrics/gateway-metrics.ts'
import { createMetricsRoute } from './edge/metrics/metrics-route.ts'
import { createRecentActivity } from './edge/metrics/recent-activity.ts'
import { createStatusRoute } from './edge/status-page/status-route.ts'
import type { FormatPlugin } from './formats/types.ts'
import { createConfiguredModelRegistry, type ModelRegistry } from './models/model-registry.ts'

export type Runtime = {
  app: App
  backends: ReadonlyMap<string, BackendPlugin>
  models: ModelRegistry
  formats: readonly FormatPlugin[]
  rateLimiter: ManagedRateLimiter | null
  /** Where generated images are kept. */
  imageDirectory: string
  /** Starts backends (load cookies, first session); call before serving. */
  start(): Promise<void>
  /** Stops timers and persists state. */
  stop(): Promise<void>
  isShuttingDown(): boolean
  markShuttingDown(): void
  /** Tells the image store the port actually bound (PORT=0), for image URLs. */
  setListeningPort(port: number): void
}

export function registerConfiguredSecrets(config: Config): void {
  for (const account of config.accounts) {
    registerSecret(account.psid)
    registerSecret(account.psidts)
    for (const value of Object.values(account.cookies ?? {})) registerSecret(value)
  }
  for (const apiKey of config.access.apiKeys) registerSecret(apiKey.key)
  registerSecret(config.access.adminKey)
  registerSecret(config.rateLimit.redisUrl)
  registerSecret(config.alerts.webhookUrl)
}

export function createRuntime(config: Config, logger: Logger, overrides: Partial<Omit<AppDependencies, 'backends'>> & { backends?: BackendPlugin[] } = {}): Runtime {
  const { backends: backendOverrides, ...appOverrides } = overrides
  registerConfiguredSecrets(config)
  const startedAt = Date.now()
  const alert = createAlertSender({ webhookUrl: config.alerts.webhookUrl, timeoutSeconds: config.alerts.webhookTimeoutSeconds, logger: logger.child({ component: 'alerts' }) })
  const metrics = createGatewayMetrics({ backends: () => backends, imageStoreBytes: () => images.store.totalBytes(), startedAtSeconds: Math.floor(startedAt / 1000), canonicalModelId: (name) => models.find(name)?.id })
  const backends = createBackendRegistry((backendOverrides ?? createBuiltinBackends(config, logger, alert)).map((backend) => observeBackend(backend, metrics.upstream)))
  const models = createConfiguredModelRegistry(config)
  assertModelsServable(models.list(), backends)
  const formats = overrides.formats ?? builtinFormats
  let shuttingDown = false
  const rateLimiter = createRateLimiter(config, logger)
  let listeningPort: number | undefined
  const conversations = createConversations(config, logger)
  const images = createImageDelivery({ config, logger, baseUrl: () => resolvePublicBaseUrl(config.server, listeningPort).url })
  const activity = createRecentActivity({ windowMs: config.rateLimit.windowSeconds * 1000 })
  const adminGuard = createAdminGuard(config)
  const operatorRoutes = [createMetricsRoute(metrics, adminGuard), createStatusRoute({ config, backends, models, formats, activity, startedAt }, adminGuard, config.access.adminKey !== null)]
  const app = createApp({
    config,
    logger,
    models,
    backends,
    formats,
    authenticator: createApiKeyAuthenticator(config),
    rateLimiter,
    resolveClientAddress: createClientAddressResolver(config),
    attachments: createRemoteAttachmentResolver({ config }),
    images: images.store,
    conversations: conversations?.tracker ?? null,
    plainRoutes: [...images.routes, ...createAdminRoutes(backends.get('gemini-web'), adminGuard), ...operatorRoutes],
    isShuttingDown: () => shuttingDown,
    adminGuard,
    requestObserver: combineRequestObservers([metrics.requests, activity]),
    ...appOverrides,
  })
  return {
    app,
    backends,
    models,
    formats,
    rateLimiter,
    imageDirectory: images.store.directory,
    async start() {
      for (const backend of backends.values()) await backend.start?.()
    },
    async stop() {
      for (const backend of backends.values()) await backend.stop?.()
      await rateLimiter?.close()
      await conversations?.store.close()
      images.close()
    },
    setListeningPort: (port) => {
      listeningPort = port
    },
    isShuttingDown: () => shuttingDown,
    markShuttingDown: () => {
      shuttingDown = true
    },
  }
}
