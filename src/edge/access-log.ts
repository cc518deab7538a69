/**
 * One JSON line per request for monitoring: time, request id, method, path, status, model,
 * latency, client. Built from fields the edge already has, so logging never reads a body or
 * does work a request would not otherwise do. The logger masks secrets.
 */

import type { ProxyError } from '../core/errors.ts'
import type { Logger } from '../lib/logger.ts'

export type AccessRecord = {
  requestId: string
  method: string
  path: string
  status: number
  model?: string | undefined
  /** performance.now() when the request arrived. */
  startedAt: number
  client: string
  error?: ProxyError | undefined
  stream?: boolean
  cancelled?: boolean
  /** The route pattern that matched (`/v1/chat/completions`, `/images/:file`), for metrics. */
  route?: string
  /** The format plugin's id, for format routes. */
  format?: string
  /** The pipeline operation (`generate`, `list-models`, …), for format routes. */
  operation?: string
  /** The API key's name when keys are configured (whose quota the request used). */
  keyName?: string | undefined
}

export type AccessLog = (record: AccessRecord) => void

/** Who else wants to know about each finished request (metrics, the status page's activity). */
export interface RequestObserver {
  requestFinished(record: AccessRecord): void
  /** A stream's headers went out; its requestFinished comes when it closes. */
  streamOpened(record: AccessRecord): void
}

export function createAccessLog(logger: Logger, enabled: boolean): AccessLog {
  return function logAccess(record) {
    if (enabled) {
      logger.info('request', {
        request_id: record.requestId,
        method: record.method,
        path: record.path,
        status: record.status,
        model: record.model ?? null,
        latency_ms: Math.round((performance.now() - record.startedAt) * 10) / 10,
        client: record.client,
        ...(record.stream ? { stream: true } : {}),
        ...(record.cancelled ? { cancelled: true } : {}),
        ...(record.error ? { error_kind: record.error.kind, error: record.error.message } : {}),
      })
    }
    // Internal errors are our bugs: their cause is logged even with the access log off.
    if (record.error?.kind === 'internal') logger.error('internal error', { request_id: record.requestId, cause: record.error.cause })
  }
}

export function combineRequestObservers(observers: readonly RequestObserver[]): RequestObserver {
  return {
    requestFinished: (record) => observers.forEach((observer) => observer.requestFinished(record)),
    streamOpened: (record) => observers.forEach((observer) => observer.streamOpened(record)),
  }
}
