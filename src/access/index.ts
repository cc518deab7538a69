/**
 * The access module: who may call (API keys, admin guard), where a call comes from (client
 * address behind trusted proxies), and how often (rate limits in memory or Redis). The lead wires
 * these factories into the app at startup.
 */

export { createAdminGuard, type AdminGuard } from './admin-guard.ts'
export { createApiKeyAuthenticator } from './api-key-authenticator.ts'
export { createClientAddressResolver } from './client-address.ts'
export { warnAboutOpenAccess } from './open-access-warning.ts'
export { createRateLimiter, type ManagedRateLimiter } from './rate-limit/create-rate-limiter.ts'
