/**
 * Gemini-format routes under every prefix official clients use: /gemini/v1beta and /gemini/v1
 * (the base URL of docs/compatibility.md), /v1beta, and POST /v1/models/… (@google/genai 3.x defaults to v1).
 * `{model}:{method}` shares one path segment, so each prefix takes a wildcard and splits it here.
 */

import type { RouteMatch, RouteSpec } from '../types.ts'

/** A Map, so `:constructor` or `:__proto__` is an unknown action, not an Object.prototype member. */
const actions = new Map<string, Omit<RouteMatch, 'modelId'>>([
  ['generateContent', { operation: 'generate', stream: false }],
  ['streamGenerateContent', { operation: 'generate', stream: true }],
  ['countTokens', { operation: 'count-tokens' }],
  ['editImage', { operation: 'edit-image', stream: false }],
])

/** 'gemini-2.5-flash:generateContent' -> generate on gemini-2.5-flash; unknown actions -> null (404). */
function resolveModelAction(wildcard: string): RouteMatch | null {
  const separator = wildcard.lastIndexOf(':')
  if (separator <= 0) return null
  const action = actions.get(wildcard.slice(separator + 1))
  if (!action) return null
  return { ...action, modelId: wildcard.slice(0, separator) }
}

const listPrefixes = ['/gemini/v1beta', '/gemini/v1', '/v1beta']
const actionPrefixes = [...listPrefixes, '/v1']

export const geminiRoutes: readonly RouteSpec[] = [
  ...listPrefixes.flatMap((prefix): RouteSpec[] => [
    { method: 'GET', path: `${prefix}/models`, resolve: () => ({ operation: 'list-models' }) },
    { method: 'GET', path: `${prefix}/models/*`, resolve: (wildcard) => (wildcard ? { operation: 'get-model', modelId: wildcard } : { operation: 'list-models' }) },
  ]),
  ...actionPrefixes.map((prefix): RouteSpec => ({ method: 'POST', path: `${prefix}/models/*`, resolve: resolveModelAction })),
]
