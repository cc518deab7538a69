/**
 * Builds a test app wired with the access module the way production wires it: the API-key
 * authenticator, the trusted-proxy address resolver and a rate limiter on a test clock.
 */

import { createApiKeyAuthenticator } from '../../src/access/api-key-authenticator.ts'
import { createClientAddressResolver } from '../../src/access/client-address.ts'
import { createRateLimiter, type RateLimiterOptions } from '../../src/access/rate-limit/create-rate-limiter.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { silentLogger } from '../../src/lib/logger.ts'
import { createTestApp, postJson, type TestApp } from '../helpers/create-test-app.ts'

export type AccessTestApp = TestApp & { clock: { now: number } }

export function createAccessApp(rawConfig: Record<string, unknown>, limiterOptions: RateLimiterOptions = {}): AccessTestApp {
  const config = buildConfig({ file: rawConfig, env: {} })
  const clock = { now: 1_000_000 }
  const rateLimiter = createRateLimiter(config, silentLogger, { now: () => clock.now, ...limiterOptions })
  const testApp = createTestApp({
    config: rawConfig,
    dependencies: {
      authenticator: createApiKeyAuthenticator(config),
      rateLimiter,
      resolveClientAddress: createClientAddressResolver(config),
    },
  })
  return { ...testApp, clock }
}

export function openAIChat(model = 'gemini-2.5-flash', headers: Record<string, string> = {}, query = ''): Request {
  return postJson(`/v1/chat/completions${query}`, { model, messages: [{ role: 'user', content: 'hi' }] }, headers)
}

export function geminiGenerate(model = 'gemini-2.5-flash', headers: Record<string, string> = {}, query = ''): Request {
  return postJson(`/v1beta/models/${model}:generateContent${query}`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }, headers)
}

/**
 * True when the request got past authentication and rate limiting. The format decoders may still
 * refuse it (they arrive in another branch), but never with 401, 403, 429 or 503.
 */
export function passedAccess(response: Response): boolean {
  return ![401, 403, 429, 503].includes(response.status)
}
