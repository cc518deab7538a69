/**
 * The shared limit store for several instances. Each decision is ONE Lua script, which Redis runs
 * atomically: it trims the sliding log (a sorted set of call times), checks the window count and
 * the model spacing, and records the call only if both pass. Time comes from Redis itself (TIME),
 * so instances with skewed clocks still agree. Every key expires with its window, so abandoned
 * clients cost nothing.
 *
 * Redis being down must not hang requests: the offline queue is off, connects and commands have
 * a short timeout, and the client reconnects on the next call once Redis is back (no restart).
 */

import { RedisClient } from 'bun'
import { registerSecret } from '../../lib/redact.ts'
import type { LimitCheck, LimitOutcome, LimitStore } from './limit-store.ts'

// KEYS[1] = sliding log (sorted set), KEYS[2] = last model call (string).
// ARGV = limit, windowMs, modelIntervalMs, unique member suffix.
const decideScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local intervalMs = tonumber(ARGV[3])
local counted = 0
local windowWait = 0
if limit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowMs)
  counted = redis.call('ZCARD', KEYS[1])
  if counted >= limit then
    local blocking = redis.call('ZRANGE', KEYS[1], counted - limit, counted - limit, 'WITHSCORES')
    windowWait = tonumber(blocking[2]) + windowMs - now
  end
end
local modelWait = 0
if intervalMs > 0 then
  local last = redis.call('GET', KEYS[2])
  if last and now - tonumber(last) < intervalMs then modelWait = tonumber(last) + intervalMs - now end
end
local admitted = 0
if windowWait <= 0 and modelWait <= 0 then
  admitted = 1
  if limit > 0 then
    redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[4])
    redis.call('PEXPIRE', KEYS[1], windowMs)
    counted = counted + 1
  end
  if intervalMs > 0 then redis.call('SET', KEYS[2], now, 'PX', intervalMs) end
end
local reset = 0
if limit > 0 and counted > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  reset = tonumber(oldest[2]) + windowMs - now
end
return {admitted, counted, reset, windowWait, modelWait}
`

export type RedisStoreOptions = { url: string; keyPrefix: string; timeoutMs: number }

class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`Redis ${what} timed out after ${timeoutMs} ms`)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function registerUrlSecrets(url: string): void {
  try {
    const parsed = new URL(url)
    registerSecret(decodeURIComponent(parsed.password))
  } catch {
    // Not a URL Bun accepts either; the connect error will say so without echoing it.
  }
}

export function createRedisStore(options: RedisStoreOptions): LimitStore {
  registerUrlSecrets(options.url)
  const client = new RedisClient(options.url, {
    connectionTimeout: options.timeoutMs,
    autoReconnect: true,
    // Queued commands would wait for a Redis that may never come back; fail fast instead.
    enableOfflineQueue: false,
    enableAutoPipelining: true,
  })
  const instance = crypto.randomUUID().slice(0, 8)
  let sequence = 0
  let connecting: Promise<void> | undefined

  const ensureConnected = async () => {
    if (client.connected) return
    connecting ??= withTimeout(client.connect(), options.timeoutMs, 'connect').finally(() => {
      connecting = undefined
    })
    await connecting
  }

  return {
    async decide(check: LimitCheck): Promise<LimitOutcome> {
      try {
        await ensureConnected()
        sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER
        const reply = await withTimeout(
          client.send('EVAL', [
            decideScript,
            '2',
            options.keyPrefix + 'window:' + check.bucket,
            options.keyPrefix + 'model:' + check.modelKey,
            String(check.requestsPerWindow),
            String(Math.max(1, Math.round(check.windowMs))),
            String(Math.round(check.modelIntervalMs)),
            `${instance}:${sequence}`,
          ]),
          options.timeoutMs,
          'command',
        )
        if (!Array.isArray(reply) || reply.length !== 5) throw new StoreUnavailableError('Unexpected reply from the Redis rate-limit script')
        const [admitted, countInWindow, windowResetMs, windowWaitMs, modelWaitMs] = reply.map(Number) as [number, number, number, number, number]
        return { admitted: admitted === 1, countInWindow, windowResetMs: Math.max(0, windowResetMs), windowWaitMs: Math.max(0, windowWaitMs), modelWaitMs: Math.max(0, modelWaitMs) }
      } catch (error) {
        // Bun's errors may quote the URL; keep only the class of failure.
        if (error instanceof StoreUnavailableError) throw error
        const code = (error as { code?: unknown }).code
        throw new StoreUnavailableError(`Redis rate-limit store failed${typeof code === 'string' ? ` (${code})` : ''}`, { cause: error })
      }
    },
    async ping() {
      try {
        await ensureConnected()
        await withTimeout(client.send('PING', []), options.timeoutMs, 'PING')
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw error
        const code = (error as { code?: unknown }).code
        throw new StoreUnavailableError(`Redis did not answer${typeof code === 'string' ? ` (${code})` : ''}`, { cause: error })
      }
    },
    close() {
      client.close()
    },
  }
}
