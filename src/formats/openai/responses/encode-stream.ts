/**
 * Streams an answer as Responses API SSE events (`event: <type>` + `data: <json>`, each with a
 * growing `sequence_number`), in the order the strict consumers check: `response.created`,
 * `response.in_progress`, then each output item opened (`output_item.added`), filled (text,
 * reasoning-summary or argument deltas, all naming the item's id and output index) and closed
 * (`.done` events, `output_item.done`), then `response.completed` (or `response.incomplete`)
 * carrying the whole response with usage. There is no `[DONE]`.
 *
 * A failure after the first byte is sent twice over: an `error` event, which both the openai SDK
 * (it throws APIError on an `event: error` frame) and `@ai-sdk/openai` surface as an error, then
 * `response.failed` for clients that only watch lifecycle events (Codex CLI). The AI SDK reports
 * only the first of the two; the openai SDK stops reading at the first.
 */

import type { ProxyError } from '../../../core/errors.ts'
import type { FinishReason, StreamPart, Usage } from '../../../core/ir.ts'
import { renderImageMarkdown } from '../chat/chat-output.ts'
import { buildOpenAIErrorObject } from '../encode-error.ts'
import type { EncodeMeta, StreamEncoder } from '../../types.ts'
import { buildFunctionCallItem, buildItemId, buildMessageItem, buildReasoningItem, buildResponseObject, readIncompleteReason, shouldShowReasoning, type OutputItem } from './response-output.ts'

type OpenItem = { kind: 'message' | 'reasoning'; id: string; index: number; text: string }

export function createResponsesStreamEncoder(meta: EncodeMeta): StreamEncoder {
  const showReasoning = shouldShowReasoning(meta)
  const output: OutputItem[] = []
  let sequence = 0
  let open: OpenItem | null = null
  let finished = false

  const event = (type: string, fields: Record<string, unknown>): string => {
    const data = JSON.stringify({ type, ...fields, sequence_number: sequence++ })
    return `event: ${type}\ndata: ${data}\n\n`
  }

  const openItem = (kind: OpenItem['kind']): string[] => {
    const index = output.length
    const id = buildItemId(kind === 'message' ? 'msg' : 'rs', meta, index)
    open = { kind, id, index, text: '' }
    const item = kind === 'message' ? buildMessageItem(id, '', 'in_progress') : buildReasoningItem(id, null)
    output.push(item)
    const where = { item_id: id, output_index: index }
    return [
      event('response.output_item.added', { output_index: index, item }),
      kind === 'message'
        ? event('response.content_part.added', { ...where, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } })
        : event('response.reasoning_summary_part.added', { ...where, summary_index: 0, part: { type: 'summary_text', text: '' } }),
    ]
  }

  const closeOpenItem = (): string[] => {
    if (!open) return []
    const { kind, id, index, text } = open
    open = null
    const where = { item_id: id, output_index: index }
    const item = kind === 'message' ? buildMessageItem(id, text, 'completed') : buildReasoningItem(id, text)
    output[index] = item
    const frames =
      kind === 'message'
        ? [
            event('response.output_text.done', { ...where, content_index: 0, text, logprobs: [] }),
            event('response.content_part.done', { ...where, content_index: 0, part: { type: 'output_text', text, annotations: [] } }),
          ]
        : [
            event('response.reasoning_summary_text.done', { ...where, summary_index: 0, text }),
            event('response.reasoning_summary_part.done', { ...where, summary_index: 0, part: { type: 'summary_text', text } }),
          ]
    frames.push(event('response.output_item.done', { output_index: index, item }))
    return frames
  }

  /** Appends to the open item of this kind, closing another kind first. */
  const appendText = (kind: OpenItem['kind'], delta: string): string[] => {
    const frames = open?.kind === kind ? [] : [...closeOpenItem(), ...openItem(kind)]
    const current = open as OpenItem | null
    if (!current) return frames
    current.text += delta
    const where = { item_id: current.id, output_index: current.index }
    frames.push(
      kind === 'message'
        ? event('response.output_text.delta', { ...where, content_index: 0, delta, logprobs: [] })
        : event('response.reasoning_summary_text.delta', { ...where, summary_index: 0, delta }),
    )
    return frames
  }

  const encodeToolCall = (call: { id: string; name: string; arguments: string }): string[] => {
    const frames = closeOpenItem()
    const index = output.length
    const id = buildItemId('fc', meta, index)
    const item = buildFunctionCallItem(id, call, 'completed')
    output.push(item)
    const where = { item_id: id, output_index: index }
    frames.push(
      event('response.output_item.added', { output_index: index, item: buildFunctionCallItem(id, call, 'in_progress') }),
      event('response.function_call_arguments.delta', { ...where, delta: item.arguments }),
      event('response.function_call_arguments.done', { ...where, name: call.name, arguments: item.arguments }),
      event('response.output_item.done', { output_index: index, item }),
    )
    return frames
  }

  const finish = (reason: FinishReason, usage: Usage | undefined): string[] => {
    if (finished) return []
    finished = true
    const frames = closeOpenItem()
    // Clients look for an assistant message; an empty answer still gets an empty one.
    if (output.length === 0) frames.push(...openItem('message'), ...closeOpenItem())
    const incompleteReason = readIncompleteReason(reason)
    const status = incompleteReason ? 'incomplete' : 'completed'
    const response = buildResponseObject(meta, { status, output, usage, incompleteReason })
    frames.push(event(incompleteReason ? 'response.incomplete' : 'response.completed', { response }))
    return frames
  }

  const encode = (part: StreamPart): string[] => {
    if (finished) return []
    switch (part.type) {
      case 'text-delta':
        return part.text === '' ? [] : appendText('message', part.text)
      case 'thought-delta':
        return part.text === '' || !showReasoning ? [] : appendText('reasoning', part.text)
      case 'image': {
        const prefix = open?.kind === 'message' && open.text !== '' ? '\n\n' : ''
        return appendText('message', prefix + renderImageMarkdown(part.image))
      }
      case 'tool-call':
        return encodeToolCall(part)
      case 'finish':
        return finish(part.reason, part.usage)
      case 'error':
        return encodeError(part.error)
      case 'stream-start':
      case 'metadata':
        return []
    }
  }

  const encodeError = (error: ProxyError): string[] => {
    finished = true
    const wire = buildOpenAIErrorObject(error)
    return [
      event('error', { code: wire.code ?? wire.type, message: wire.message, param: wire.param }),
      event('response.failed', { response: buildResponseObject(meta, { status: 'failed', output, error }) }),
    ]
  }

  return {
    contentType: 'text/event-stream; charset=utf-8',
    start: () => {
      const response = buildResponseObject(meta, { status: 'in_progress', output: [] })
      return [event('response.created', { response }), event('response.in_progress', { response })]
    },
    encode,
    // The core always ends a stream with a finish part; this guards a stream that did not.
    end: () => finish('stop', undefined),
    error: encodeError,
    keepAlive: () => ': keep-alive\n\n',
  }
}
