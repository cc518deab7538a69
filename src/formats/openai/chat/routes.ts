/**
 * OpenAI-format routes (SPEC §2): chat completions and its /v1/generate alias, image generation
 * and editing with their aliases, and the model list.
 */

import type { Operation, RouteSpec } from '../../types.ts'

function fixed(method: RouteSpec['method'], path: string, operation: Operation): RouteSpec {
  return { method, path, resolve: () => ({ operation }) }
}

export const openAIRoutes: readonly RouteSpec[] = [
  fixed('POST', '/v1/chat/completions', 'generate'),
  fixed('POST', '/v1/generate', 'generate'),
  fixed('GET', '/v1/models', 'list-models'),
  { method: 'GET', path: '/v1/models/*', resolve: (wildcard) => (wildcard ? { operation: 'get-model', modelId: wildcard } : { operation: 'list-models' }) },
  fixed('POST', '/v1/images/generations', 'generate-image'),
  fixed('POST', '/v1/generate-images', 'generate-image'),
  fixed('POST', '/v1/images/edits', 'edit-image'),
  fixed('POST', '/v1/images/edit', 'edit-image'),
]
