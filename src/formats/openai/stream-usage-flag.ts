/**
 * Carries `stream_options.include_usage` from the decoder to the stream encoder. The internal
 * request has no field for it (only OpenAI streams need it), so it rides on the request under a
 * module-private symbol: object spread (as attachment resolvers do) copies symbol keys, and no
 * other format or backend can see or depend on it.
 */

import type { InternalRequest } from '../../core/ir.ts'

const includeUsageKey = Symbol('openai.includeUsage')

type Flagged = InternalRequest & { [includeUsageKey]?: boolean }

export function markIncludeUsage(request: InternalRequest, includeUsage: boolean): void {
  ;(request as Flagged)[includeUsageKey] = includeUsage
}

export function readIncludeUsage(request: InternalRequest): boolean {
  return (request as Flagged)[includeUsageKey] === true
}
