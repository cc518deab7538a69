/**
 * A conversation store in memory (tests, and operators who want nothing on disk): an LRU bounded
 * by count, entries expiring after the configured age.
 */

import { LRUCache } from 'lru-cache'
import type { ConversationStore, StoredContinuation } from './conversation-store.ts'

export function createMemoryConversationStore(options: { maxEntries: number; ttlSeconds: number }): ConversationStore {
  const cache = new LRUCache<string, StoredContinuation>({ max: options.maxEntries, ttl: options.ttlSeconds * 1000 })
  return {
    async findFirst(keys) {
      for (const key of keys) {
        const value = cache.get(key)
        if (value) return { key, value }
      }
      return null
    },
    async put(key, value) {
      cache.set(key, value)
    },
    async close() {
      cache.clear()
    },
  }
}
