/**
 * ProxyError in Anthropic's envelope, `{"type":"error","error":{"type","message"}}`, with the
 * status the Anthropic SDK maps to its typed errors. Upstream capacity problems (every account
 * resting after Google's limits, Google failing, the server shutting down) are 529
 * `overloaded_error`, as Anthropic answers when it is at capacity: the SDK and Claude Code retry it
 * a few times and then stop, instead of backing off for minutes as they do on a 500. A rate-limit
 * refusal also carries the `detail` message of docs/compatibility.md.
 */

import type { ErrorKind, ProxyError } from '../../core/errors.ts'

const overloadedStatus = 529

/** The error type per kind, and the status when Anthropic's differs from the kind's own. */
const typeAndStatus: Record<ErrorKind, [type: string, status?: number]> = {
  invalid_request: ['invalid_request_error'],
  unsupported_feature: ['invalid_request_error'],
  unauthenticated: ['authentication_error'],
  permission_denied: ['permission_error'],
  not_found: ['not_found_error'],
  method_not_allowed: ['invalid_request_error'],
  model_not_found: ['not_found_error'],
  payload_too_large: ['request_too_large'],
  rate_limited: ['rate_limit_error'],
  upstream_unauthenticated: ['api_error'],
  upstream_rate_limited: ['overloaded_error', overloadedStatus],
  upstream_timeout: ['timeout_error'],
  upstream_unavailable: ['overloaded_error', overloadedStatus],
  upstream_bad_response: ['api_error'],
  content_blocked: ['invalid_request_error'],
  client_closed: ['invalid_request_error'],
  service_unavailable: ['overloaded_error', overloadedStatus],
  internal: ['api_error'],
}

export function anthropicStatusOf(error: ProxyError): number {
  return typeAndStatus[error.kind][1] ?? error.status
}

export function buildAnthropicErrorObject(error: ProxyError): { type: string; message: string } {
  const [type] = typeAndStatus[error.kind]
  // An oversized image inside a request is a 400, which Anthropic calls invalid_request_error.
  const shown = type === 'request_too_large' && error.status !== 413 ? 'invalid_request_error' : type
  return { type: shown, message: error.message }
}

/** Anthropic's error bodies carry the request id too (`request_id`), as its API does. */
export function encodeAnthropicError(error: ProxyError, requestId?: string): { status: number; body: unknown; headers?: Record<string, string> } {
  const detail = typeof error.details?.detail === 'string' ? { detail: error.details.detail } : {}
  const headers: Record<string, string> = {}
  // A retry cannot help a request the caller must change; tell the SDK not to spend its retries.
  if (!error.retryable) headers['x-should-retry'] = 'false'
  return { status: anthropicStatusOf(error), body: { ...detail, type: 'error', error: buildAnthropicErrorObject(error), ...(requestId ? { request_id: requestId } : {}) }, headers }
}
