/**
 * The default conversation store: one SQLite file under DATA_DIR (bun:sqlite), so continuations
 * survive restarts. Lookups of a whole history's prefixes are one query; expired rows and rows
 * beyond the count bound are pruned every few hundred writes, oldest first.
 */

import { Database } from 'bun:sqlite'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ConversationStore, StoredContinuation } from './conversation-store.ts'

const pruneEvery = 256

export function createSqliteConversationStore(options: { file: string; maxEntries: number; ttlSeconds: number; now?: () => number }): ConversationStore {
  const now = options.now ?? Date.now
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 })
  const database = new Database(options.file, { create: true })
  database.exec('PRAGMA journal_mode = WAL')
  database.exec('CREATE TABLE IF NOT EXISTS continuations (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at INTEGER NOT NULL)')
  database.exec('CREATE INDEX IF NOT EXISTS continuations_created ON continuations (created_at)')
  const insert = database.prepare('INSERT OR REPLACE INTO continuations (key, value, created_at) VALUES (?, ?, ?)')
  const pruneOld = database.prepare('DELETE FROM continuations WHERE created_at < ?')
  const pruneExtra = database.prepare('DELETE FROM continuations WHERE key IN (SELECT key FROM continuations ORDER BY created_at DESC LIMIT -1 OFFSET ?)')
  let writes = 0
  return {
    async findFirst(keys) {
      if (keys.length === 0) return null
      const oldest = now() - options.ttlSeconds * 1000
      const placeholders = keys.map(() => '?').join(',')
      const rows = database.query(`SELECT key, value FROM continuations WHERE key IN (${placeholders}) AND created_at >= ?`).all(...keys, oldest) as Array<{ key: string; value: string }>
      const found = new Map(rows.map((row) => [row.key, row.value]))
      for (const key of keys) {
        const value = found.get(key)
        if (value !== undefined) return { key, value: JSON.parse(value) as StoredContinuation }
      }
      return null
    },
    async put(key, value) {
      insert.run(key, JSON.stringify(value), now())
      if (++writes % pruneEvery === 0) {
        pruneOld.run(now() - options.ttlSeconds * 1000)
        pruneExtra.run(options.maxEntries)
      }
    },
    async close() {
      database.close()
    },
  }
}
