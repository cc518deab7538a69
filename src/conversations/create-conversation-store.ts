/**
 * Builds the conversation tracker the config asks for: SQLite under DATA_DIR by default, Redis
 * when instances share one (`auto` follows `rateLimit.redisUrl`), memory on request; none when
 * conversations are off.
 */

import { join } from 'node:path'
import type { Config } from '../config/schema.ts'
import type { Logger } from '../lib/logger.ts'
import type { ConversationStore } from './conversation-store.ts'
import { createMemoryConversationStore } from './memory-store.ts'
import { createRedisConversationStore } from './redis-store.ts'
import { createSqliteConversationStore } from './sqlite-store.ts'
import { createConversationTracker, type ConversationTracker } from './track-conversations.ts'

export type Conversations = { tracker: ConversationTracker; store: ConversationStore }

export function createConversations(config: Config, logger: Logger): Conversations | null {
  const settings = config.conversations
  if (!settings.enabled) return null
  const ttlSeconds = settings.ttlHours * 3600
  const kind = settings.store === 'auto' ? (config.rateLimit.redisUrl ? 'redis' : 'sqlite') : settings.store
  let store: ConversationStore
  if (kind === 'redis' && config.rateLimit.redisUrl) {
    store = createRedisConversationStore({ url: config.rateLimit.redisUrl, keyPrefix: settings.redisKeyPrefix, ttlSeconds, timeoutMs: config.rateLimit.redisTimeoutMs })
  } else if (kind === 'memory') {
    store = createMemoryConversationStore({ maxEntries: settings.maxEntries, ttlSeconds })
  } else {
    store = createSqliteConversationStore({
      file: join(config.dataDir, 'conversations.sqlite'),
      maxEntries: settings.maxEntries,
      ttlSeconds,
      onError: (error) => logger.warn('conversation store could not write; those conversations start over', { error }),
    })
  }
  return { store, tracker: createConversationTracker(store, (error) => logger.warn('conversation store failed; the conversation starts over', { error })) }
}
