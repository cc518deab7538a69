/**
 * The error answer of routes outside the formats (operator, metrics, status page): the plain
 * `{error: {message, kind}}` envelope with the error's status and Retry-After.
 */

import { errorResponseHeaders, toProxyError } from '../core/errors.ts'
import { jsonResponse } from '../lib/json-response.ts'

export function answerPlainError(thrown: unknown): Response {
  const error = toProxyError(thrown)
  return jsonResponse({ error: { message: error.message, kind: error.kind } }, error.status, errorResponseHeaders(error))
}
