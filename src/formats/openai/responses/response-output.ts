/**
 * What the whole and the streamed Responses encoders share: ids derived from the request id
 * (so a caller can match a response to the access log, and golden files stay stable), the
 * `response` object around the output, usage, and how a finish reason becomes a status.
 */

import type { ProxyError } from '../../../core/errors.ts'
import type { FinishReason, Usage } from '../../../core/ir.ts'
import { invalidField } from '../../shared/check-wire-value.ts'
import { buildOpenAIErrorObject } from '../encode-error.ts'
import type { EncodeMeta } from '../../types.ts'

type ResponsesUsage = {
  input_tokens: number
  input_tokens_details: { cached_tokens: number }
  output_tokens: number
  output_tokens_details: { reasoning_tokens: number }
  total_tokens: number
}

export type OutputItem = Record<string, unknown> & { type: string; id: string }

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed'

const responseIdPrefix = 'resp_'

function buildResponseId(meta: EncodeMeta): string {
  return `${responseIdPrefix}${meta.requestId}`
}

/** The server request id a response id was made from; a 400 for an id this server never issued. */
export function readRequestIdOfResponse(responseId: string): string {
  const requestId = responseId.startsWith(responseIdPrefix) ? responseId.slice(responseIdPrefix.length) : ''
  if (!/^[\w.-]{1,64}$/.test(requestId)) throw invalidField('previous_response_id', `'${responseId.slice(0, 80)}' is not a response id of this server`)
  return requestId
}

/** Item ids carry the output index, so several items of one kind in one answer stay distinct. */
export function buildItemId(prefix: 'msg' | 'fc' | 'rs', meta: EncodeMeta, outputIndex: number): string {
  return `${prefix}_${meta.requestId}_${outputIndex}`
}

/** OpenAI counts reasoning inside output tokens and breaks it out in the details. */
function encodeResponsesUsage(usage: Usage): ResponsesUsage {
  const output = usage.outputTokens + usage.thoughtTokens
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.thoughtTokens },
    total_tokens: usage.inputTokens + output,
  }
}

/** 'length' and a content block end the answer early; everything else completed normally. */
export function readIncompleteReason(reason: FinishReason): string | null {
  if (reason === 'length') return 'max_output_tokens'
  if (reason === 'content-filter') return 'content_filter'
  return null
}

/** Reasoning items appear only when the caller asked for a reasoning summary (docs/openai-responses.md). */
export function shouldShowReasoning(meta: EncodeMeta): boolean {
  return meta.request.generation.thinking?.includeThoughts === true
}

export function buildResponseObject(
  meta: EncodeMeta,
  state: { status: ResponseStatus; output: OutputItem[]; usage?: Usage | undefined; incompleteReason?: string | null; error?: ProxyError },
): Record<string, unknown> {
  const error = state.error ? buildOpenAIErrorObject(state.error) : null
  return {
    id: buildResponseId(meta),
    object: 'response',
    created_at: meta.created,
    status: state.status,
    model: meta.requestedModelId,
    output: state.output,
    usage: state.usage ? encodeResponsesUsage(state.usage) : null,
    error: error ? { code: error.code ?? error.type, message: error.message } : null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
  }
}

export function buildMessageItem(id: string, text: string, status: 'in_progress' | 'completed'): OutputItem {
  const content = status === 'in_progress' ? [] : [{ type: 'output_text', text, annotations: [] }]
  return { type: 'message', id, role: 'assistant', status, content }
}

export function buildFunctionCallItem(id: string, call: { id: string; name: string; arguments: string }, status: 'in_progress' | 'completed'): OutputItem {
  return { type: 'function_call', id, call_id: call.id, name: call.name, arguments: status === 'in_progress' ? '' : call.arguments || '{}', status }
}

export function buildReasoningItem(id: string, text: string | null): OutputItem {
  return { type: 'reasoning', id, summary: text === null ? [] : [{ type: 'summary_text', text }] }
}
