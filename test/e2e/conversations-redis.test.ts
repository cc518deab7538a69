/**
 * The conversation store several instances share: Redis. What one instance remembers another
 * finds, and a Redis that is down makes conversations start over instead of failing requests.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { createRedisConversationStore } from '../../src/conversations/redis-store.ts'
import { startLocalRedis, type LocalRedis } from '../access/redis-server.ts'

let redis: LocalRedis
beforeAll(async () => {
  redis = await startLocalRedis()
})
afterAll(async () => {
  await redis.stop()
})

const value = { state: { conversationId: 'c_1' }, account: 'main', consumedMessages: 4 }

describe('Redis conversation store', () => {
  it('one instance finds what another remembered, in the order asked', async () => {
    const first = createRedisConversationStore({ url: redis.url, keyPrefix: 'test:conversation:', ttlSeconds: 60, timeoutMs: 1000 })
    const second = createRedisConversationStore({ url: redis.url, keyPrefix: 'test:conversation:', ttlSeconds: 60, timeoutMs: 1000 })
    await first.put('history-2', value)
    expect(await second.findFirst(['history-3', 'history-2'])).toEqual({ key: 'history-2', value })
    expect(await second.findFirst(['nothing'])).toBeNull()
    await first.close()
    await second.close()
  })

  it('a Redis that is down answers "not found" and takes writes silently', async () => {
    const store = createRedisConversationStore({ url: 'redis://127.0.0.1:9', keyPrefix: 'test:', ttlSeconds: 60, timeoutMs: 200 })
    expect(await store.findFirst(['history-2'])).toBeNull()
    await store.put('history-2', value)
    await store.close()
  })
})
