/**
 * ProxyError in OpenAI's envelope: {error:{message,type,param,code}} with the status the openai
 * SDK maps to its typed error classes. A rate-limit refusal also carries the top-level
 * `detail` message of docs/compatibility.md, so both the guide's clients and the SDKs read it.
 */

import type { ErrorKind, ProxyError } from '../../core/errors.ts'

const typeAndCode: Record<ErrorKind, [type: string, code: string | null]> = {
  invalid_request: ['invalid_request_error', null],
  unsupported_feature: ['invalid_request_error', 'unsupported_feature'],
  unauthenticated: ['authentication_error', 'invalid_api_key'],
  permission_denied: ['permission_error', 'permission_denied'],
  not_found: ['invalid_request_error', 'not_found'],
  method_not_allowed: ['invalid_request_error', 'method_not_allowed'],
  model_not_found: ['invalid_request_error', 'model_not_found'],
  payload_too_large: ['invalid_request_error', 'payload_too_large'],
  rate_limited: ['rate_limit_error', 'rate_limit_exceeded'],
  upstream_unauthenticated: ['server_error', 'upstream_unauthenticated'],
  upstream_rate_limited: ['rate_limit_error', 'upstream_rate_limited'],
  upstream_timeout: ['server_error', 'upstream_timeout'],
  upstream_unavailable: ['server_error', 'upstream_unavailable'],
  upstream_bad_response: ['server_error', 'upstream_bad_response'],
  content_blocked: ['invalid_request_error', 'content_filter'],
  client_closed: ['invalid_request_error', 'client_closed'],
  service_unavailable: ['server_error', 'service_unavailable'],
  internal: ['server_error', 'internal_error'],
}

export function buildOpenAIErrorObject(error: ProxyError): { message: string; type: string; param: string | null; code: string | null } {
  const [type, code] = typeAndCode[error.kind]
  return { message: error.message, type, param: error.param ?? null, code }
}

export function encodeOpenAIError(error: ProxyError): { status: number; body: unknown; headers?: Record<string, string> } {
  const detail = typeof error.details?.detail === 'string' ? { detail: error.details.detail } : {}
  const headers: Record<string, string> = {}
  // A retry cannot help a request the caller must change; tell the SDK not to burn its retries.
  if (!error.retryable) headers['x-should-retry'] = 'false'
  return { status: error.status, body: { ...detail, error: buildOpenAIErrorObject(error) }, headers }
}
