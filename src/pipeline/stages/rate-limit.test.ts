import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import { createStageContext, recordNext } from '../../../test/helpers/stage-context.ts'
import { createRateLimitStage, type RateLimiter } from './rate-limit.ts'

function recordingLimiter(refuse = false): RateLimiter & { seen: string[] } {
  const seen: string[] = []
  return {
    seen,
    async admit({ modelId }) {
      seen.push(modelId)
      if (refuse) throw new ProxyError('rate_limited', 'slow down')
      return { headers: { 'ratelimit-remaining': '59' } }
    },
  }
}

describe('rate-limit stage', () => {
  it('admits generation by the canonical model id and copies the limiter headers', async () => {
    const limiter = recordingLimiter()
    const context = createStageContext({ model: ' models/gemini-flash ' })
    await createRateLimitStage(limiter, (name) => (name.includes('flash') ? 'gemini-2.5-flash' : name))(context, recordNext().next)
    expect(limiter.seen).toEqual(['gemini-2.5-flash'])
    expect(context.responseHeaders.get('ratelimit-remaining')).toBe('59')
  })

  it('never counts model lists and lookups', async () => {
    const limiter = recordingLimiter(true)
    const { next, called } = recordNext()
    await createRateLimitStage(limiter)(createStageContext({}, { operation: 'list-models' }), next)
    expect(limiter.seen).toEqual([])
    expect(called()).toBe(true)
  })

  it('a refusal stops the chain', async () => {
    const { next, called } = recordNext()
    await expect(createRateLimitStage(recordingLimiter(true))(createStageContext({ model: 'm' }), next)).rejects.toMatchObject({ kind: 'rate_limited' })
    expect(called()).toBe(false)
  })

  it('without a limiter every request passes', async () => {
    const { next, called } = recordNext()
    await createRateLimitStage(null)(createStageContext({ model: 'm' }), next)
    expect(called()).toBe(true)
  })
})
