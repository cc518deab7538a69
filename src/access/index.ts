/**
 * The access module: who may call (API keys, admin guard), where a call comes from (client
 * address behind trusted proxies), and how often (rate limits in memory or Redis). The lead wires
 * these factories into the app at startup.
 */

export { createAdminGuard, type AdminGuard } from './admin-guard.ts'
export { createApiKeyAuthenticator, readPresentedKeys } from './api-key-authenticator.ts'
export { createClientAddressResolver, type ClientAddressResolver } from './client-address.ts'
export { warnAboutOpenAccess } from './open-access-warning.ts'
export { createRateLimiter, type ManagedRateLimiter, type RateLimiterOptions } from './rate-limit/create-rate-limiter.ts'
export type { LimitCheck, LimitOutcome, LimitStore } from './rate-limit/limit-store.ts'
export { createMemoryStore } from './rate-limit/memory-store.ts'
export { createRedisStore } from './rate-limit/redis-store.ts'
