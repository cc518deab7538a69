/**
 * The one error type of the gateway. Everything below the HTTP edge throws a ProxyError with a
 * kind from a closed set; each format renders it in its own envelope. Keeping HTTP status and
 * retry semantics in one table means a new format only has to map kinds to its own words.
 */

export const errorKinds = [
  'invalid_request',
  'unsupported_feature',
  'unauthenticated',
  'permission_denied',
  'not_found',
  'method_not_allowed',
  'model_not_found',
  'payload_too_large',
  'rate_limited',
  'upstream_unauthenticated',
  'upstream_rate_limited',
  'upstream_timeout',
  'upstream_unavailable',
  'upstream_bad_response',
  'content_blocked',
  'client_closed',
  'service_unavailable',
  'internal',
] as const

export type ErrorKind = (typeof errorKinds)[number]

/** Who the failure is about: the caller's request, one upstream credential, or the server. */
export type ErrorScope = 'request' | 'credential' | 'server'

type KindDefaults = { status: number; scope: ErrorScope; retryable: boolean }

/** Default HTTP status, scope and retryability per kind (checked against each API's own statuses; the format pages in docs/ list them). */
export const errorKindDefaults: Readonly<Record<ErrorKind, KindDefaults>> = {
  invalid_request: { status: 400, scope: 'request', retryable: false },
  unsupported_feature: { status: 400, scope: 'request', retryable: false },
  unauthenticated: { status: 401, scope: 'request', retryable: false },
  permission_denied: { status: 403, scope: 'request', retryable: false },
  not_found: { status: 404, scope: 'request', retryable: false },
  method_not_allowed: { status: 405, scope: 'request', retryable: false },
  model_not_found: { status: 404, scope: 'request', retryable: false },
  payload_too_large: { status: 413, scope: 'request', retryable: false },
  rate_limited: { status: 429, scope: 'request', retryable: true },
  upstream_unauthenticated: { status: 503, scope: 'credential', retryable: true },
  upstream_rate_limited: { status: 429, scope: 'credential', retryable: true },
  upstream_timeout: { status: 504, scope: 'server', retryable: true },
  upstream_unavailable: { status: 503, scope: 'server', retryable: true },
  upstream_bad_response: { status: 502, scope: 'server', retryable: true },
  content_blocked: { status: 400, scope: 'request', retryable: false },
  client_closed: { status: 499, scope: 'request', retryable: false },
  service_unavailable: { status: 503, scope: 'server', retryable: true },
  internal: { status: 500, scope: 'server', retryable: false },
}

export type ProxyErrorOptions = {
  cause?: unknown
  status?: number
  scope?: ErrorScope
  retryable?: boolean
  retryAfterSeconds?: number
  /** The request field at fault, when there is one (OpenAI's `param`). */
  param?: string
  /** Safe-to-show extras that a format may render (never secrets, never raw upstream bodies). */
  details?: Record<string, unknown>
  /** Extra response headers, e.g. rate-limit headers. */
  headers?: Record<string, string>
}

export class ProxyError extends Error {
  readonly kind: ErrorKind
  readonly status: number
  readonly scope: ErrorScope
  readonly retryable: boolean
  readonly retryAfterSeconds: number | undefined
  readonly param: string | undefined
  readonly details: Record<string, unknown> | undefined
  readonly headers: Record<string, string> | undefined

  constructor(kind: ErrorKind, message: string, options: ProxyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    const defaults = errorKindDefaults[kind]
    this.name = 'ProxyError'
    this.kind = kind
    this.status = options.status ?? defaults.status
    this.scope = options.scope ?? defaults.scope
    this.retryable = options.retryable ?? defaults.retryable
    this.retryAfterSeconds = options.retryAfterSeconds
    this.param = options.param
    this.details = options.details
    this.headers = options.headers
  }
}

export function isProxyError(value: unknown): value is ProxyError {
  return value instanceof ProxyError
}

/** Wraps anything thrown into a ProxyError; unknown failures become `internal` without leaking their text. */
export function toProxyError(value: unknown): ProxyError {
  if (value instanceof ProxyError) return value
  if (value instanceof DOMException && value.name === 'AbortError') {
    return new ProxyError('client_closed', 'The client closed the request', { cause: value })
  }
  if (value instanceof DOMException && value.name === 'TimeoutError') {
    return new ProxyError('upstream_timeout', 'The upstream did not answer in time', { cause: value })
  }
  return new ProxyError('internal', 'Internal server error', { cause: value })
}

/** The headers every rendering of this error should carry (Retry-After when known, plus extras). */
export function errorResponseHeaders(error: ProxyError): Record<string, string> {
  const headers: Record<string, string> = { ...error.headers }
  if (error.retryAfterSeconds !== undefined && (error.status === 429 || error.status === 503)) {
    headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)))
  }
  return headers
}
