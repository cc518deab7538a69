/**
 * A pipeline context for testing one stage on its own: built by the real createPipelineContext
 * around a JSON request on the test format's routes, with a silent logger.
 */

import type { RouteMatch } from '../../src/formats/types.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createPipelineContext, type PipelineContext } from '../../src/pipeline/context.ts'
import { createTestFormat } from './test-format.ts'

export function createStageContext(body: unknown, match: RouteMatch = { operation: 'generate' }): PipelineContext {
  const request = new Request('http://localhost/test/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return createPipelineContext({
    request,
    url: new URL(request.url),
    requestId: 'req_stage',
    format: createTestFormat(),
    match,
    logger: createLogger({ level: 'silent' }),
    signal: new AbortController().signal,
    client: { address: '127.0.0.1' },
    responseHeaders: new Headers(),
    maxBodyBytes: 1024 * 1024,
    bodyTimeoutSeconds: 5,
    limits: { maxUploadBytes: 1024, maxImagesPerRequest: 1 },
    abort: () => undefined,
  })
}

/** A `next` that records that it ran. */
export function recordNext(): { next: () => Promise<void>; called: () => boolean } {
  let called = false
  return {
    next: async () => {
      called = true
    },
    called: () => called,
  }
}
