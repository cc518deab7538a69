/**
 * Streams an answer as Anthropic's server-sent events, in the order both official clients check:
 * `message_start` (with usage), then per content block `content_block_start` → deltas →
 * `content_block_stop`, blocks strictly one after another with indexes 0, 1, 2…, one `ping` after
 * the first block starts, and `message_delta` (stop reason, cumulative usage) then
 * `message_stop`. Every frame has an `event:` line (the Anthropic SDK drops nameless events) and a
 * `data:` JSON whose `type` equals the event name. Thinking blocks end with a `signature_delta`;
 * a tool call is one `tool_use` block whose input arrives in one `input_json_delta`, since the
 * tool emulation emits calls whole. Errors after the first byte are one `error` event.
 */

import type { ProxyError } from '../../core/errors.ts'
import type { StreamPart } from '../../core/ir.ts'
import type { EncodeMeta, StreamEncoder } from '../types.ts'
import { buildAnthropicErrorObject } from './encode-error.ts'
import { buildMessageShell, buildToolUseBlock } from './encode-response.ts'
import { mapFinishReason } from './map-finish-reason.ts'
import { buildThinkingSignature, encodeUsage, renderImageText, shouldShowThoughts } from './message-output.ts'

function event(name: string, fields: Record<string, unknown> = {}): string {
  return `event: ${name}\ndata: ${JSON.stringify({ type: name, ...fields })}\n\n`
}

export function createAnthropicStreamEncoder(meta: EncodeMeta): StreamEncoder {
  const showThoughts = shouldShowThoughts(meta)
  let index = 0
  let open: 'text' | 'thinking' | null = null
  let pinged = false
  let sawToolCalls = false
  let finished = false

  const startBlock = (block: Record<string, unknown>): string[] => {
    const frames = [event('content_block_start', { index, content_block: block })]
    if (!pinged) {
      pinged = true
      frames.push(event('ping'))
    }
    return frames
  }
  const delta = (fields: Record<string, unknown>) => event('content_block_delta', { index, delta: fields })
  const stopBlock = (): string => {
    const frame = event('content_block_stop', { index })
    index += 1
    open = null
    return frame
  }
  const closeOpenBlock = (): string[] => {
    if (open === null) return []
    const frames = open === 'thinking' ? [delta({ type: 'signature_delta', signature: buildThinkingSignature(meta) })] : []
    frames.push(stopBlock())
    return frames
  }
  /** Continues the open block of this kind, or closes the open one and starts it. */
  const enter = (kind: 'text' | 'thinking'): string[] => {
    if (open === kind) return []
    const frames = closeOpenBlock()
    frames.push(...startBlock(kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' }))
    open = kind
    return frames
  }
  const finish = (part: StreamPart & { type: 'finish' }): string[] => {
    finished = true
    const usage = encodeUsage(part.usage ?? meta.usage())
    return [
      ...closeOpenBlock(),
      event('message_delta', { delta: { stop_reason: mapFinishReason(part.reason, sawToolCalls), stop_sequence: null, stop_details: null }, usage }),
      event('message_stop'),
    ]
  }

  return {
    contentType: 'text/event-stream; charset=utf-8',
    start: () => {
      const usage = { ...encodeUsage(meta.usage()), output_tokens: 0 }
      const message = { ...buildMessageShell(meta), content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage }
      return [event('message_start', { message })]
    },
    encode(part: StreamPart): string[] {
      if (finished) return []
      switch (part.type) {
        case 'text-delta':
          return part.text === '' ? [] : [...enter('text'), delta({ type: 'text_delta', text: part.text })]
        case 'thought-delta':
          // Thoughts still count in usage; they are shown only when the caller asked for them.
          return part.text === '' || !showThoughts ? [] : [...enter('thinking'), delta({ type: 'thinking_delta', thinking: part.text })]
        case 'image': {
          const separator = open === 'text' ? '\n\n' : ''
          return [...enter('text'), delta({ type: 'text_delta', text: separator + renderImageText(part.image) })]
        }
        case 'tool-call': {
          sawToolCalls = true
          const block = buildToolUseBlock(part)
          const frames = [...closeOpenBlock(), ...startBlock({ ...block, input: {} })]
          frames.push(delta({ type: 'input_json_delta', partial_json: JSON.stringify(block.input) }), stopBlock())
          return frames
        }
        case 'finish':
          return finish(part)
        case 'stream-start':
        case 'metadata':
        case 'error':
          // Warnings become headers and metadata stays internal; errors are routed to error() by the relay.
          return []
      }
    },
    // The core always ends a stream with a finish part; this guards a stream that did not.
    end: () => (finished ? [] : finish({ type: 'finish', reason: 'stop' })),
    error: (error: ProxyError) => [event('error', { error: buildAnthropicErrorObject(error), request_id: meta.requestId })],
    // A ping is Anthropic's own keep-alive: both clients read and skip it.
    keepAlive: () => event('ping'),
  }
}
