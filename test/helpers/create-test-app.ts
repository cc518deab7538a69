/**
 * Builds the full app (every format, the real pipeline) around a backend of the test's choice,
 * with a config built the same way production builds it. Requests go through `app.handle`
 * with no socket; use `http://localhost/...` URLs (Elysia needs a real-looking host).
 */

import { createApp, type App, type AppDependencies } from '../../src/edge/create-app.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import type { Config } from '../../src/config/schema.ts'
import { builtinFormats } from '../../src/formats/index.ts'
import { createLogger, type LogLevel } from '../../src/lib/logger.ts'
import { createConfiguredModelRegistry } from '../../src/models/model-registry.ts'
import { createBackendRegistry } from '../../src/backends/registry.ts'
import type { BackendPlugin } from '../../src/backends/types.ts'
import { createFakeBackend, type FakeBackend } from './fake-backend.ts'

export type TestApp = { app: App; config: Config; backend: BackendPlugin; fake: FakeBackend | null; logLines: string[] }

export function createTestApp(options: {
  backend?: BackendPlugin
  config?: Record<string, unknown>
  env?: Record<string, string>
  logLevel?: LogLevel
  dependencies?: Partial<AppDependencies>
} = {}): TestApp {
  const config = buildConfig({ file: options.config ?? {}, env: options.env ?? {} })
  const logLines: string[] = []
  const logger = createLogger({ level: options.logLevel ?? 'info', sink: (line) => logLines.push(line) })
  const fake = options.backend ? null : createFakeBackend()
  const backend = options.backend ?? fake!
  const app = createApp({
    config,
    logger,
    models: createConfiguredModelRegistry(config),
    backends: createBackendRegistry([backend]),
    formats: builtinFormats,
    ...options.dependencies,
  })
  return { app, config, backend, fake, logLines }
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export function getPath(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, { headers })
}
