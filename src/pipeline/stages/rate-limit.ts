/**
 * The rate-limit stage: asks the limiter whether this caller may call this model now. Only
 * generation operations count; model lists and token counts are free. The limiter decides and
 * returns headers; a refusal is a ProxyError('rate_limited') that each format renders.
 */

import { generationOperations } from '../../formats/types.ts'
import type { ClientIdentity, PipelineContext, Stage } from '../context.ts'

export type RateLimitDecision = {
  /** Headers for the response either way (RateLimit, RateLimit-Policy, remaining quota). */
  headers: Record<string, string>
}

export interface RateLimiter {
  /** Records the call and returns headers, or throws ProxyError('rate_limited' | 'service_unavailable'). */
  admit(input: { client: ClientIdentity; modelId: string; now: number }): Promise<RateLimitDecision>
}

/**
 * `canonicalModelId` maps an alias (`models/x`, `gemini-flash`, stray spaces) to the model's id,
 * so the per-model interval cannot be dodged by spelling the same model differently.
 */
export function createRateLimitStage(limiter: RateLimiter | null, canonicalModelId: (name: string) => string = (name) => name): Stage {
  return async function limitRate(context: PipelineContext, next) {
    if (limiter && generationOperations.has(context.match.operation)) {
      const requested = await context.requestedModelId()
      const modelId = requested === undefined ? 'unknown' : canonicalModelId(requested)
      const decision = await limiter.admit({ client: context.client, modelId, now: Date.now() })
      for (const [name, value] of Object.entries(decision.headers)) context.responseHeaders.set(name, value)
    }
    await next()
  }
}
