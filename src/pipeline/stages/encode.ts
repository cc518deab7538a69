/**
 * The encode stage: renders the core's result in the caller's format. Streams become exact SSE
 * (or JSON-array) frames through the format's stream encoder; everything else is collected and
 * encoded as one JSON body (or raw bytes, for image downloads by Accept header).
 */

import { collectStream } from '../../core/collect-stream.ts'
import { ProxyError } from '../../core/errors.ts'
import type { Warning } from '../../core/ir.ts'
import type { EncodeMeta, EncodedResponse } from '../../formats/types.ts'
import { jsonResponse } from '../../lib/json-response.ts'
import type { PipelineContext, Stage } from '../context.ts'
import { relayStream } from '../relay-stream.ts'

export type EncodeOptions = {
  keepAliveMs: number
  /** Called when a streamed response ends; whole responses end when the stage returns. */
  onStreamClose(context: PipelineContext, outcome: { error?: unknown; cancelled: boolean }): void
}

function renderBody(encoded: EncodedResponse, headers: Headers): Response {
  for (const [name, value] of Object.entries(encoded.headers ?? {})) headers.set(name, value)
  if (encoded.body instanceof Uint8Array) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/octet-stream')
    return new Response(encoded.body as Uint8Array<ArrayBuffer>, { status: encoded.status ?? 200, headers })
  }
  return jsonResponse(encoded.body, encoded.status ?? 200, headers)
}

/**
 * Warnings reach the caller as headers, which every client can read whatever its format:
 * `x-gemini-reverse-ignored-fields` lists fields accepted but not honoured, and
 * `x-gemini-reverse-context: truncated` says older turns of a long conversation were left out.
 */
function applyWarningHeaders(headers: Headers, warnings: readonly Warning[]): void {
  for (const warning of warnings) {
    if (warning.type === 'ignored-field') headers.append('x-gemini-reverse-ignored-fields', warning.field)
    else headers.set('x-gemini-reverse-context', 'truncated')
  }
}

const noUsage = () => ({ inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 })

function buildMeta(context: PipelineContext): EncodeMeta {
  if (!context.model || !context.internal) throw new ProxyError('internal', 'Nothing to encode: the core produced no model or request')
  return {
    usage: context.result?.kind === 'stream' ? context.result.usage : noUsage,
    requestId: context.requestId,
    operation: context.match.operation,
    model: context.model,
    requestedModelId: context.internal.model,
    created: Math.floor(context.startedAt / 1000),
    request: context.internal,
    accept: context.request.headers.get('accept'),
    query: context.url.searchParams,
  }
}

/** An encoder a format leaves out is one none of its routes should need; reaching it is a 400, not a crash. */
function required<T>(encoder: T | undefined, what: string): T {
  if (!encoder) throw new ProxyError('unsupported_feature', `This API format has no ${what}`)
  return encoder
}

export function createEncodeStage(options: EncodeOptions): Stage {
  return async function encode(context: PipelineContext, next) {
    const result = context.result
    const format = context.format
    const headers = context.responseHeaders
    if (!result) throw new ProxyError('internal', 'The core produced no result')
    if (result.kind === 'models') {
      context.response = renderBody({ body: required(format.encodeModelList, 'model lists').call(format, result.models) }, headers)
    } else if (result.kind === 'model') {
      context.response = renderBody({ body: required(format.encodeModel, 'model lookups').call(format, result.model) }, headers)
    } else if (result.kind === 'token-count') {
      context.response = renderBody({ body: required(format.encodeTokenCount, 'token counts').call(format, { totalTokens: result.totalTokens }, buildMeta(context)) }, headers)
    } else if (context.internal?.stream) {
      const encoder = required(format.createStreamEncoder, 'streaming').call(format, buildMeta(context))
      headers.set('content-type', encoder.contentType)
      headers.set('cache-control', 'no-cache')
      headers.set('x-accel-buffering', 'no')
      context.response = await relayStream({
        encoder,
        parts: result.parts,
        keepAliveMs: options.keepAliveMs,
        headers,
        signal: context.signal,
        onStart: (part) => applyWarningHeaders(headers, part.warnings),
        abort: () => context.abort(),
        onClose: (outcome) => options.onStreamClose(context, outcome),
      })
      context.streaming = true
    } else {
      const response = await collectStream(result.parts)
      applyWarningHeaders(headers, response.warnings)
      context.response = renderBody(format.encodeResponse(response, buildMeta(context)), headers)
    }
    await next()
  }
}
