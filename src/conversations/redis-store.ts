/**
 * The conversation store shared by several instances: one Redis key per continuation with the
 * configured age as its expiry (Redis' own memory policy bounds the count). A Redis that is down
 * makes conversations start over; it never fails a request.
 */

import { RedisClient } from 'bun'
import type { ConversationStore, StoredContinuation } from './conversation-store.ts'

export function createRedisConversationStore(options: { url: string; keyPrefix: string; ttlSeconds: number; timeoutMs: number }): ConversationStore {
  const client = new RedisClient(options.url, { connectionTimeout: options.timeoutMs, autoReconnect: true, enableOfflineQueue: false })
  const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
    Promise.race([promise, new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error('Redis timed out')), options.timeoutMs).unref?.())])
  /** Connects on first use and again after an outage (commands are not queued while offline). */
  const send = async (command: string, args: string[]): Promise<unknown> => {
    if (!client.connected) await withTimeout(client.connect())
    return withTimeout(client.send(command, args))
  }
  return {
    async findFirst(keys) {
      if (keys.length === 0) return null
      try {
        const values = (await send('MGET', keys.map((key) => options.keyPrefix + key))) as Array<string | null>
        for (const [index, value] of values.entries()) if (value) return { key: keys[index]!, value: JSON.parse(value) as StoredContinuation }
      } catch {
        // A store that cannot answer means starting over, not failing the request.
      }
      return null
    },
    async put(key, value) {
      try {
        await send('SET', [options.keyPrefix + key, JSON.stringify(value), 'EX', String(options.ttlSeconds)])
      } catch {
        // Not remembering a conversation only costs the next request its full history.
      }
    },
    async close() {
      client.close()
    },
  }
}
