/**
 * Limits shared through Redis: two gateway processes on one Redis admit exactly the limit between
 * them under concurrent load, and a Redis outage gives 503 in the caller's format, then recovers
 * without a restart once Redis is back.
 */

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { RedisClient, type Subprocess } from 'bun'
import { createRateLimiter, type ManagedRateLimiter } from '../../src/access/rate-limit/create-rate-limiter.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { silentLogger } from '../../src/lib/logger.ts'
import { createTestApp } from '../helpers/create-test-app.ts'
import { geminiGenerate, openAIChat, passedAccess } from './access-app.ts'
import { startLocalRedis, type LocalRedis } from './redis-server.ts'

let redis: LocalRedis
const instances: Subprocess[] = []
const limiters: ManagedRateLimiter[] = []

async function readPort(instance: Subprocess<'ignore', 'pipe', 'inherit'>): Promise<number> {
  const reader = instance.stdout.getReader()
  let text = ''
  for (let chunk = 0; chunk < 100; chunk++) {
    const { value, done } = await reader.read()
    if (done) break
    text += new TextDecoder().decode(value)
    const match = /PORT (\d+)/.exec(text)
    if (match) {
      reader.releaseLock()
      return Number(match[1])
    }
  }
  throw new Error(`The gateway process did not report its port: ${text}`)
}

async function startInstance(rawConfig: Record<string, unknown>): Promise<number> {
  const instance = Bun.spawn([process.execPath, 'run', `${import.meta.dir}/limited-server-process.ts`, JSON.stringify(rawConfig)], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'inherit',
  })
  instances.push(instance)
  return readPort(instance)
}

beforeAll(async () => {
  redis = await startLocalRedis()
})

afterAll(async () => {
  for (const limiter of limiters) limiter.close()
  for (const instance of instances) {
    instance.kill()
    await instance.exited
  }
  await redis?.stop()
})

describe('Redis-shared limits', () => {
  test('two processes sharing Redis admit exactly the limit across both under 100 concurrent requests', async () => {
    const rawConfig = { rateLimit: { store: 'redis', redisUrl: redis.url, redisKeyPrefix: 'shared-test:', requestsPerHour: 10, modelIntervalSeconds: 0 } }
    const ports = await Promise.all([startInstance(rawConfig), startInstance(rawConfig)])
    const send = (index: number) => {
      const port = ports[index % 2]!
      const request = index % 4 < 2 ? openAIChat() : geminiGenerate()
      return fetch(request.url.replace('http://localhost', `http://127.0.0.1:${port}`), { method: 'POST', headers: request.headers, body: request.body })
    }
    const responses = await Promise.all(Array.from({ length: 100 }, (_, index) => send(index)))
    const admitted = responses.filter(passedAccess)
    expect(admitted).toHaveLength(10)
    expect(responses.filter((response) => response.status === 429)).toHaveLength(90)
    const remaining = admitted.map((response) => response.headers.get('ratelimit')?.match(/r=(\d+)/)?.[1]).sort()
    // Each admitted request saw a distinct count, as if they had been served one by one.
    expect(remaining).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(new Set(ports).size).toBe(2)
    // The decisions were made in Redis: it holds exactly the ten admitted calls of this client.
    const inspector = new RedisClient(redis.url)
    try {
      expect(await inspector.send('ZCARD', ['shared-test:window:ip:127.0.0.1'])).toBe(10)
    } finally {
      inspector.close()
    }
    const refused = responses.find((response) => response.status === 429)!
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/^请求过于频繁，每小时最多 10 次，请等待 \d+\.\d 秒后重试$/)
  })

  test('Redis going away gives 503 in the caller\'s format; service resumes by itself when Redis returns', async () => {
    const rawConfig = { rateLimit: { store: 'redis', redisUrl: redis.url, redisKeyPrefix: 'outage-test:', requestsPerHour: 3, modelIntervalSeconds: 0, redisTimeoutMs: 500 } }
    const config = buildConfig({ file: rawConfig, env: {} })
    const limiter = createRateLimiter(config, silentLogger)!
    limiters.push(limiter)
    const { app } = createTestApp({ config: rawConfig, logLevel: 'silent', dependencies: { rateLimiter: limiter } })

    expect(passedAccess(await app.handle(openAIChat()))).toBe(true)
    await redis.stop()

    const openai = await app.handle(openAIChat())
    expect(openai.status).toBe(503)
    expect(openai.headers.get('retry-after')).toBe('1')
    expect(((await openai.json()) as { error: { type: string; code: string } }).error).toMatchObject({ type: 'server_error', code: 'service_unavailable' })
    const gemini = await app.handle(geminiGenerate())
    expect(gemini.status).toBe(503)
    expect(((await gemini.json()) as { error: { status: string } }).error.status).toBe('UNAVAILABLE')

    await redis.start()
    // The store reconnects on its own; poll a bounded number of times rather than time it.
    let recovered: Response | null = null
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      const response = await app.handle(openAIChat())
      if (response.status !== 503) recovered = response
      else await Bun.sleep(100)
    }
    expect(recovered).not.toBeNull()
    expect(passedAccess(recovered!)).toBe(true)
    // The restarted Redis kept nothing (no persistence): the window starts afresh and limits again.
    expect(recovered!.headers.get('ratelimit')).toBe('"hourly";r=2;t=3600')
    expect(passedAccess(await app.handle(openAIChat()))).toBe(true)
    expect(passedAccess(await app.handle(openAIChat()))).toBe(true)
    expect((await app.handle(openAIChat())).status).toBe(429)
  })
})
