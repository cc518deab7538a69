import { describe, expect, test } from 'bun:test'
import { buildConfig } from '../../config/load-config.ts'
import { ProxyError } from '../../core/errors.ts'
import { createLogger } from '../../lib/logger.ts'
import { createRateLimiter } from './create-rate-limiter.ts'
import type { LimitStore } from './limit-store.ts'
import { createMemoryStore } from './memory-store.ts'

const configWith = (rateLimit: Record<string, unknown>) => buildConfig({ file: { rateLimit }, env: {} })

function capturingLogger() {
  const lines: string[] = []
  return { lines, logger: createLogger({ level: 'info', sink: (line) => lines.push(line) }) }
}

/** A store that fails while `down` is true, otherwise delegates to a memory store. */
function flakyStore() {
  const memory = createMemoryStore({ maxTrackedClients: 100 })
  const state = { down: true }
  const store: LimitStore = {
    decide(check) {
      if (state.down) throw new Error('connection refused')
      return memory.decide(check)
    },
    close: () => memory.close(),
  }
  return { store, state }
}

async function rejectionOf(promise: Promise<unknown>): Promise<ProxyError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ProxyError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

const client = { address: '203.0.113.1' }

describe('createRateLimiter', () => {
  test('is null when disabled', () => {
    expect(createRateLimiter(configWith({ enabled: false }), createLogger({ level: 'silent' }))).toBeNull()
  })

  test('a Redis store without a URL stops startup with a clear message', () => {
    expect(() => createRateLimiter(configWith({ store: 'redis' }), createLogger({ level: 'silent' }))).toThrow('rateLimit.redisUrl')
  })

  test('an unreachable store refuses with 503, logs once, and recovers by itself', async () => {
    const { store, state } = flakyStore()
    const { lines, logger } = capturingLogger()
    const limiter = createRateLimiter(configWith({}), logger, { store })!
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await rejectionOf(limiter.admit({ client, modelId: 'gemini-2.5-flash', now: attempt }))
      expect(error.kind).toBe('service_unavailable')
      expect(error.status).toBe(503)
      expect(error.retryAfterSeconds).toBe(1)
    }
    expect(lines.filter((line) => line.includes('unavailable'))).toHaveLength(1)
    state.down = false
    const decision = await limiter.admit({ client, modelId: 'gemini-2.5-flash', now: 10 })
    expect(decision.headers['ratelimit']).toBe('"hourly";r=59;t=3600')
    expect(lines.filter((line) => line.includes('reachable again'))).toHaveLength(1)
  })

  test('failOpen lets requests through while the store is down', async () => {
    const { store } = flakyStore()
    const limiter = createRateLimiter(configWith({ failOpen: true }), createLogger({ level: 'silent' }), { store })!
    expect(await limiter.admit({ client, modelId: 'gemini-2.5-flash', now: 0 })).toEqual({ headers: {} })
  })

  test('when both limits refuse, the longer wait is reported', async () => {
    const limiter = createRateLimiter(configWith({ requestsPerHour: 1, modelIntervalSeconds: 5 }), createLogger({ level: 'silent' }))!
    await limiter.admit({ client, modelId: 'm', now: 0 })
    const error = await rejectionOf(limiter.admit({ client, modelId: 'm', now: 1000 }))
    expect(error.details?.detail).toBe('请求过于频繁，每小时最多 1 次，请等待 3599.0 秒后重试')
    expect(error.retryAfterSeconds).toBe(3599)
    expect(error.headers?.['ratelimit']).toBe('"hourly";r=0;t=3599')
  })

  test('fractional waits: one decimal rounded up in the message, whole seconds rounded up in headers', async () => {
    const limiter = createRateLimiter(configWith({ requestsPerHour: 0, modelIntervalSeconds: 2.5 }), createLogger({ level: 'silent' }))!
    const first = await limiter.admit({ client, modelId: 'm', now: 0 })
    expect(first.headers).toEqual({ 'ratelimit-policy': '"model";q=1;w=3' })
    const error = await rejectionOf(limiter.admit({ client, modelId: 'm', now: 1 }))
    expect(error.details?.detail).toBe('模型 m 调用过于频繁，请等待 2.5 秒后重试')
    expect(error.headers?.['ratelimit']).toBe('"model";r=0;t=3')
    const later = await rejectionOf(limiter.admit({ client, modelId: 'm', now: 2401 }))
    expect(later.details?.detail).toBe('模型 m 调用过于频繁，请等待 0.1 秒后重试')
  })

  test('a per-key limit of 0 lifts the hourly limit for that key', async () => {
    const limiter = createRateLimiter(configWith({ requestsPerHour: 1, modelIntervalSeconds: 0 }), createLogger({ level: 'silent' }))!
    const unlimited = { address: '203.0.113.1', keyName: 'batch', limits: { requestsPerHour: 0 } }
    for (let index = 0; index < 5; index++) expect(await limiter.admit({ client: unlimited, modelId: 'm', now: index })).toEqual({ headers: {} })
  })
})
