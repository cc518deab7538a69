/**
 * Assembles the running gateway from a config: backends, model registry, formats, access
 * control, image store and the app. main.ts, the demo, tests and benchmarks all build the same
 * runtime, so what is tested is what runs.
 */

import { createAdminGuard, createApiKeyAuthenticator, createClientAddressResolver, createRateLimiter } from './access/index.ts'
import { createApp, type App, type AppDependencies } from './edge/create-app.ts'
import { createRemoteAttachmentResolver } from './attachments/fetch-remote-attachments.ts'
import type { Config } from './config/schema.ts'
import { builtinFormats } from './formats/index.ts'
import type { Logger } from './lib/logger.ts'
import { registerSecret } from './lib/redact.ts'
import { createBuiltinBackends } from './backends/index.ts'
import { createConfiguredModelRegistry } from './models/model-registry.ts'
import { createImageDelivery } from './edge/images/image-delivery.ts'
import { resolvePublicBaseUrl } from './edge/images/public-base-url.ts'
import { createBackendRegistry } from './backends/registry.ts'
import { createAdminRoutes } from './edge/admin-routes.ts'
import type { BackendPlugin } from './backends/types.ts'
import { assertModelsServable } from './backends/check-models.ts'

export type Runtime = {
  app: App
  backends: ReadonlyMap<string, BackendPlugin>
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
}

export function createRuntime(config: Config, logger: Logger, overrides: Partial<AppDependencies> & { backends?: BackendPlugin[] } = {}): Runtime {
  registerConfiguredSecrets(config)
  const backends = createBackendRegistry(overrides.backends ?? createBuiltinBackends(config, logger))
  const models = createConfiguredModelRegistry(config)
  assertModelsServable(models.list(), backends)
  let shuttingDown = false
  const rateLimiter = createRateLimiter(config, logger)
  let listeningPort: number | undefined
  const images = createImageDelivery({ config, logger, baseUrl: () => resolvePublicBaseUrl(config.server, listeningPort).url })
  const app = createApp({
    config,
    logger,
    models,
    backends,
    formats: builtinFormats,
    authenticator: createApiKeyAuthenticator(config),
    rateLimiter,
    resolveClientAddress: createClientAddressResolver(config),
    attachments: createRemoteAttachmentResolver({ config }),
    images: images.store,
    plainRoutes: [...images.routes, ...createAdminRoutes(backends.get('gemini-web'), createAdminGuard(config))],
    isShuttingDown: () => shuttingDown,
    ...overrides,
  })
  return {
    app,
    backends,
    async start() {
      for (const backend of backends.values()) await backend.start?.()
    },
    async stop() {
      for (const backend of backends.values()) await backend.stop?.()
      await rateLimiter?.close()
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
