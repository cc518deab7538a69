/**
 * The rate limiter the pipeline's rate-limit stage calls. It works out whose quota a request uses
 * (the API key's name when a key was presented, else the client address) and which limits apply
 * (the key's own, else the configured defaults), asks the store for one atomic decision, and turns
 * the outcome into headers or a 429 carrying the `detail` message of docs/compatibility.md. A store that cannot be
 * reached refuses with 503, or lets requests through when `rateLimit.failOpen` is set.
 */

import { ProxyError } from '../../core/errors.ts'
import type { Config } from '../../config/schema.ts'
import type { Logger } from '../../lib/logger.ts'
import type { ClientIdentity } from '../../pipeline/context.ts'
import type { RateLimitDecision, RateLimiter } from '../../pipeline/stages/rate-limit.ts'
import type { LimitOutcome, LimitStore } from './limit-store.ts'
import {
  buildPolicyHeader,
  buildServiceLimitHeader,
  describeModelRefusal,
  describeWindowRefusal,
  modelPolicyName,
  windowPolicyName,
  type EffectiveLimits,
} from './limit-messages.ts'
import { createMemoryStore } from './memory-store.ts'
import { createRedisStore } from './redis-store.ts'

export type ManagedRateLimiter = RateLimiter & {
  readonly store: LimitStore
  close(): void
}

export type RateLimiterOptions = {
  /** Replaces the store chosen from config (tests). */
  store?: LimitStore
  /** Replaces the stage's clock (tests drive windows without sleeping). */
  now?: () => number
}

/** Model ids come from the request; cap what ends up in store keys and messages. */
const maximumModelIdLength = 128

function bucketOf(client: ClientIdentity): string {
  return client.keyName !== undefined ? `key:${client.keyName}` : `ip:${client.address}`
}

function effectiveLimits(config: Config['rateLimit'], client: ClientIdentity): EffectiveLimits {
  return {
    requestsPerWindow: client.limits?.requestsPerHour ?? config.requestsPerHour,
    windowSeconds: config.windowSeconds,
    modelIntervalSeconds: client.limits?.modelIntervalSeconds ?? config.modelIntervalSeconds,
  }
}

function createStoreFromConfig(config: Config['rateLimit']): LimitStore {
  if (config.store === 'memory') return createMemoryStore({ maxTrackedClients: config.maxTrackedClients })
  if (!config.redisUrl) throw new Error('rateLimit.store is "redis" but rateLimit.redisUrl (REDIS_URL) is not set')
  return createRedisStore({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, timeoutMs: config.redisTimeoutMs })
}

function buildHeaders(limits: EffectiveLimits, outcome: LimitOutcome, refusedByModel: boolean): Record<string, string> {
  const headers: Record<string, string> = {}
  const policy = buildPolicyHeader(limits)
  if (policy) headers['ratelimit-policy'] = policy
  const items: Array<{ policy: string; remaining: number; resetMs: number }> = []
  if (limits.requestsPerWindow > 0) {
    // While refused, `t` is the wait itself so that it matches Retry-After.
    const resetMs = outcome.windowWaitMs > 0 ? outcome.windowWaitMs : outcome.windowResetMs
    items.push({ policy: windowPolicyName(limits.windowSeconds), remaining: limits.requestsPerWindow - outcome.countInWindow, resetMs })
  }
  if (refusedByModel) items.push({ policy: modelPolicyName, remaining: 0, resetMs: outcome.modelWaitMs })
  const serviceLimit = buildServiceLimitHeader(items)
  if (serviceLimit) headers['ratelimit'] = serviceLimit
  return headers
}

export function createRateLimiter(config: Config, logger: Logger, options: RateLimiterOptions = {}): ManagedRateLimiter | null {
  const settings = config.rateLimit
  if (!settings.enabled) return null
  const store = options.store ?? createStoreFromConfig(settings)
  const clock = options.now
  let storeDown = false

  const reportStoreFailure = (error: unknown) => {
    if (storeDown) return
    storeDown = true
    logger.warn(settings.failOpen ? 'Rate-limit store unavailable; letting requests through (failOpen)' : 'Rate-limit store unavailable; refusing generation requests with 503', { error })
  }
  const reportStoreRecovery = () => {
    if (!storeDown) return
    storeDown = false
    logger.info('Rate-limit store reachable again')
  }

  return {
    store,
    close: () => store.close(),
    async admit({ client, modelId, now }): Promise<RateLimitDecision> {
      const limits = effectiveLimits(settings, client)
      if (limits.requestsPerWindow <= 0 && limits.modelIntervalSeconds <= 0) return { headers: {} }
      const model = modelId.slice(0, maximumModelIdLength)
      const bucket = bucketOf(client)
      let outcome: LimitOutcome
      try {
        outcome = await store.decide({
          bucket,
          modelKey: settings.modelScope === 'global' ? model : `${bucket}|${model}`,
          requestsPerWindow: limits.requestsPerWindow,
          windowMs: limits.windowSeconds * 1000,
          modelIntervalMs: Math.round(limits.modelIntervalSeconds * 1000),
          now: clock ? clock() : now,
        })
      } catch (error) {
        reportStoreFailure(error)
        if (settings.failOpen) return { headers: {} }
        throw new ProxyError('service_unavailable', 'The rate-limit store is unavailable; retry shortly', { retryAfterSeconds: 1, cause: error })
      }
      reportStoreRecovery()

      if (outcome.admitted) return { headers: buildHeaders(limits, outcome, false) }
      // When both limits refuse, the longer wait is the one the caller must respect.
      const refusedByModel = outcome.modelWaitMs >= outcome.windowWaitMs
      const waitMs = refusedByModel ? outcome.modelWaitMs : outcome.windowWaitMs
      const { detail, message } = refusedByModel ? describeModelRefusal(model, waitMs) : describeWindowRefusal(limits, waitMs)
      throw new ProxyError('rate_limited', message, {
        // Tenths of a second: Retry-After rounds it up to whole seconds, Google's RetryInfo keeps the decimal.
        retryAfterSeconds: Math.ceil(waitMs / 100) / 10,
        details: { detail },
        headers: buildHeaders(limits, outcome, refusedByModel && outcome.modelWaitMs > 0),
      })
    },
  }
}
