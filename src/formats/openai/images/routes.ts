/**
 * OpenAI images API routes: generation and editing, each with the alias listed in
 * docs/compatibility.md.
 */

import type { Operation, RouteSpec } from '../../types.ts'

function fixed(path: string, operation: Operation): RouteSpec {
  // Edits come as multipart (the SDKs upload files) or as JSON with base64 images.
  return { method: 'POST', path, resolve: () => ({ operation }), accepts: operation === 'edit-image' ? ['json', 'multipart'] : ['json'] }
}

export const openAIImageRoutes: readonly RouteSpec[] = [
  fixed('/v1/images/generations', 'generate-image'),
  fixed('/v1/generate-images', 'generate-image'),
  fixed('/v1/images/edits', 'edit-image'),
  fixed('/v1/images/edit', 'edit-image'),
]
