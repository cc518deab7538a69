/**
 * The fixed pipeline: auth -> rate limit -> decode -> core -> encode. Any error a stage throws is
 * rendered here in the caller's format, with Retry-After and the headers gathered so far, so no
 * stage ever builds an HTTP error body itself.
 */

import { errorResponseHeaders, toProxyError, type ProxyError } from '../core/errors.ts'
import { jsonResponse } from '../lib/json-response.ts'
import { composeStages } from './compose.ts'
import type { PipelineContext, Stage } from './context.ts'

export type PipelineStages = { auth: Stage; rateLimit: Stage; decode: Stage; core: Stage; encode: Stage }

export type Pipeline = (context: PipelineContext) => Promise<{ response: Response; error?: ProxyError }>

export function renderError(context: PipelineContext, error: ProxyError): Response {
  const rendered = context.format.encodeError(error, context.requestId)
  const headers = new Headers(context.responseHeaders)
  for (const [name, value] of Object.entries({ ...errorResponseHeaders(error), ...rendered.headers })) headers.set(name, value)
  return jsonResponse(rendered.body, rendered.status, headers)
}

export function createPipeline(stages: PipelineStages): Pipeline {
  const run = composeStages([stages.auth, stages.rateLimit, stages.decode, stages.core, stages.encode])
  return async function runPipeline(context) {
    try {
      await run(context)
      if (!context.response) throw new Error('The pipeline finished without a response')
      return { response: context.response }
    } catch (thrown) {
      const error = toProxyError(thrown)
      return { response: renderError(context, error), error }
    }
  }
}
