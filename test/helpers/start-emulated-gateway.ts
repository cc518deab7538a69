/**
 * The gateway with the real Gemini web backend pointed at the emulator, listening on a loopback
 * port, for end-to-end tests with the official SDKs. One call to start, one to stop.
 */

import { createAdminGuard } from '../../src/access/index.ts'
import { createAdminRoutes } from '../../src/edge/admin-routes.ts'
import type { AppDependencies } from '../../src/edge/create-app.ts'
import { silentLogger } from '../../src/lib/logger.ts'
import { createGeminiWebBackend, type GeminiWebBackend } from '../../src/backends/gemini-web/index.ts'
import { createTestConfig } from './gemini-web-test-support.ts'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/demo/emulator/index.ts'
import { createTestApp, type TestApp } from './create-test-app.ts'

export type EmulatedGateway = {
  /** 'http://127.0.0.1:PORT' of the gateway. */
  origin: string
  emulator: Emulator
  backend: GeminiWebBackend
  testApp: TestApp
  stop(): Promise<void>
}

export async function startEmulatedGateway(options: { emulator?: EmulatorOptions; dependencies?: Partial<AppDependencies>; config?: Record<string, unknown> } = {}): Promise<EmulatedGateway> {
  const emulator = await startEmulator(options.emulator)
  const backend = createGeminiWebBackend({ config: createTestConfig(emulator.origin), logger: silentLogger })
  const testApp = createTestApp({ backend, config: options.config, dependencies: { plainRoutes: createAdminRoutes(backend, createAdminGuard(createTestConfig(emulator.origin))), ...options.dependencies } })
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, bunServer) => testApp.app.handle(request, bunServer.requestIP(request)?.address) })
  return {
    origin: `http://127.0.0.1:${server.port}`,
    emulator,
    backend,
    testApp,
    async stop() {
      await server.stop(true)
      await backend.stop?.()
      await emulator.stop()
    },
  }
}
