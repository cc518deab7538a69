/**
 * OpenAI chat routes: chat completions and its /v1/generate alias (docs/compatibility.md),
 * and the model list every OpenAI client reads first.
 */

import type { Operation, RouteSpec } from '../../types.ts'

function fixed(method: RouteSpec['method'], path: string, operation: Operation): RouteSpec {
  return { method, path, resolve: () => ({ operation }) }
}

export const openAIChatRoutes: readonly RouteSpec[] = [
  fixed('POST', '/v1/chat/completions', 'generate'),
  fixed('POST', '/v1/generate', 'generate'),
  fixed('GET', '/v1/models', 'list-models'),
  { method: 'GET', path: '/v1/models/*', resolve: (wildcard) => (wildcard ? { operation: 'get-model', modelId: wildcard } : { operation: 'list-models' }) },
]
