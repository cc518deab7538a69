/**
 * ProxyError in Google's envelope: {error:{code,message,status}} with Google's status strings per
 * HTTP code, as Google's APIs answer. A rate-limit refusal also carries the `detail` message of
 * docs/compatibility.md.
 */

import type { ProxyError } from '../../core/errors.ts'

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

function googleStatusName(httpStatus: number): string {
  return statusNames[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT')
}

export function buildGeminiErrorObject(error: ProxyError) {
  const details: unknown[] = []
  if (error.retryAfterSeconds !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${Math.max(0, error.retryAfterSeconds).toFixed(1)}s` })
  }
  return {
    code: error.status,
    message: error.message,
    status: googleStatusName(error.status),
    ...(details.length > 0 ? { details } : {}),
  }
}

export function encodeGeminiError(error: ProxyError): { status: number; body: unknown } {
  const detail = typeof error.details?.detail === 'string' ? { detail: error.details.detail } : {}
  return { status: error.status, body: { ...detail, error: buildGeminiErrorObject(error) } }
}
