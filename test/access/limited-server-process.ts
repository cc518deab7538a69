/**
 * One gateway instance in its own process for the shared-limit test: the full app with the
 * access module and a Redis-backed limiter, on 127.0.0.1 with an ephemeral port. It prints
 * `PORT <n>` once listening and runs until killed. Argument 1 is the raw config as JSON.
 */

import { createApiKeyAuthenticator } from '../../src/access/api-key-authenticator.ts'
import { createClientAddressResolver } from '../../src/access/client-address.ts'
import { createRateLimiter } from '../../src/access/rate-limit/create-rate-limiter.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { silentLogger } from '../../src/lib/logger.ts'
import { createTestApp } from '../helpers/create-test-app.ts'

const rawConfig = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>
const config = buildConfig({ file: rawConfig, env: {} })
const rateLimiter = createRateLimiter(config, silentLogger)
const { app } = createTestApp({
  config: rawConfig,
  logLevel: 'silent',
  dependencies: { authenticator: createApiKeyAuthenticator(config), rateLimiter, resolveClientAddress: createClientAddressResolver(config) },
})
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: (request, bunServer) => app.handle(request, bunServer.requestIP(request)?.address ?? '127.0.0.1'),
})
process.stdout.write(`PORT ${server.port}\n`)
process.on('SIGTERM', () => {
  rateLimiter?.close()
  void server.stop(true).then(() => process.exit(0))
})
