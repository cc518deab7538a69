/**
 * Anthropic Messages routes. Claude Code posts to `/v1/messages?beta=true`: routes match the path
 * only, so the query string changes nothing.
 */

import type { RouteSpec } from '../types.ts'

export const anthropicRoutes: readonly RouteSpec[] = [
  { method: 'POST', path: '/v1/messages', resolve: () => ({ operation: 'generate' }) },
  { method: 'POST', path: '/v1/messages/count_tokens', resolve: () => ({ operation: 'count-tokens' }) },
]
