/**
 * The default conversation store: one SQLite file under DATA_DIR (bun:sqlite), so continuations
 * survive restarts. Lookups of a whole history's prefixes are one query; expired rows and rows
 * beyond the count bound are pruned every few hundred writes, oldest first.
 *
 * Writes are gathered for a moment and committed together (write-behind): one commit per request
 * cost more CPU than the rest of the request (each INSERT is a WAL append; SQLite's default
 * synchronous=FULL also fsynced each one and stalled the event loop). Lookups see gathered rows
 * at once; `close()` (graceful shutdown) commits them. What a SIGKILL or power loss can lose is
 * the last moment's continuations, which only makes those clients' next turns resend their
 * history once.
 */

import { Database } from 'bun:sqlite'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ConversationStore, StoredContinuation } from './conversation-store.ts'

const pruneEvery = 256
/** How long writes are gathered before one commit, and how many at most. */
const gatherMs = 50
const gatherMaximum = 512

type SqliteStoreOptions = {
  file: string
  maxEntries: number
  ttlSeconds: number
  now?: () => number
  /** A commit that failed (disk full, file removed): the gathered rows are dropped. */
  onError?: (error: unknown) => void
}

/** Serialised at `put`, so a value that cannot be stored fails its own caller, not the batch. */
type Gathered = { json: string; createdAt: number }

export function createSqliteConversationStore(options: SqliteStoreOptions): ConversationStore {
  const now = options.now ?? Date.now
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 })
  const database = new Database(options.file, { create: true })
  database.exec('PRAGMA journal_mode = WAL')
  database.exec('PRAGMA synchronous = NORMAL')
  database.exec('CREATE TABLE IF NOT EXISTS continuations (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at INTEGER NOT NULL)')
  database.exec('CREATE INDEX IF NOT EXISTS continuations_created ON continuations (created_at)')
  const insert = database.prepare('INSERT OR REPLACE INTO continuations (key, value, created_at) VALUES (?, ?, ?)')
  const pruneOld = database.prepare('DELETE FROM continuations WHERE created_at < ?')
  const pruneExtra = database.prepare('DELETE FROM continuations WHERE key IN (SELECT key FROM continuations ORDER BY created_at DESC LIMIT -1 OFFSET ?)')
  let gathered = new Map<string, Gathered>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let writes = 0
  let closed = false

  const commitAll = database.transaction((rows: Map<string, Gathered>) => {
    for (const [key, row] of rows) insert.run(key, row.json, row.createdAt)
    const before = writes
    writes += rows.size
    if (Math.floor(writes / pruneEvery) > Math.floor(before / pruneEvery)) {
      pruneOld.run(now() - options.ttlSeconds * 1000)
      pruneExtra.run(options.maxEntries)
    }
  })

  const commit = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (gathered.size === 0) return
    const rows = gathered
    gathered = new Map()
    try {
      commitAll(rows)
    } catch (error) {
      options.onError?.(error)
    }
  }

  return {
    async findFirst(keys) {
      if (keys.length === 0) return null
      const oldest = now() - options.ttlSeconds * 1000
      const placeholders = keys.map(() => '?').join(',')
      const rows = database.query(`SELECT key, value FROM continuations WHERE key IN (${placeholders}) AND created_at >= ?`).all(...keys, oldest) as Array<{ key: string; value: string }>
      const found = new Map(rows.map((row) => [row.key, row.value]))
      for (const key of keys) {
        const pending = gathered.get(key)
        if (pending && pending.createdAt >= oldest) return { key, value: JSON.parse(pending.json) as StoredContinuation }
        const value = found.get(key)
        if (value !== undefined) return { key, value: JSON.parse(value) as StoredContinuation }
      }
      return null
    },
    async put(key, value) {
      if (closed) throw new Error('The conversation store is closed')
      const json = JSON.stringify(value)
      gathered.set(key, { json, createdAt: now() })
      if (gathered.size >= gatherMaximum) commit()
      else if (!timer) {
        timer = setTimeout(commit, gatherMs)
        timer.unref?.()
      }
    },
    async close() {
      if (closed) return
      commit()
      closed = true
      database.close()
    },
  }
}
