/**
 * Streams a chat answer as `chat.completion.chunk` SSE frames, in the order the openai SDK's
 * stream helpers check: a first chunk with the role, content deltas, one chunk with the
 * finish_reason and an empty delta, the usage chunk (choices: []) when the caller asked for it,
 * then `data: [DONE]`. Each frame is one `data:` line of JSON and a blank line, so every SSE
 * parser, however naive, reads it whole.
 */

import type { ProxyError } from '../../../core/errors.ts'
import type { StreamPart } from '../../../core/ir.ts'
import type { EncodeMeta, StreamEncoder } from '../../types.ts'
import { buildCompletionId, encodeUsage, mapFinishReason, renderImageMarkdown, shouldShowThoughts } from './chat-output.ts'
import { buildOpenAIErrorObject } from '../encode-error.ts'

const doneFrame = 'data: [DONE]\n\n'

function frame(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`
}

export function createChatStreamEncoder(meta: EncodeMeta): StreamEncoder {
  const includeUsage = meta.request.streamUsage === true
  const showThoughts = shouldShowThoughts(meta)
  const base = { id: buildCompletionId(meta), object: 'chat.completion.chunk', created: meta.created, model: meta.requestedModelId }
  let wroteContent = false
  let toolCallCount = 0
  let finished = false

  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    frame({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    })

  const encode = (part: StreamPart): string[] => {
    switch (part.type) {
      case 'text-delta':
        if (part.text === '') return []
        wroteContent = true
        return [chunk({ content: part.text })]
      case 'thought-delta':
        return part.text === '' || !showThoughts ? [] : [chunk({ reasoning_content: part.text })]
      case 'image': {
        const prefix = wroteContent ? '\n\n' : ''
        wroteContent = true
        return [chunk({ content: prefix + renderImageMarkdown(part.image) })]
      }
      case 'tool-call': {
        const index = toolCallCount++
        return [chunk({ tool_calls: [{ index, id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments || '{}' } }] })]
      }
      case 'finish': {
        if (finished) return []
        finished = true
        const frames = [chunk({}, mapFinishReason(part.reason, toolCallCount > 0))]
        if (includeUsage && part.usage) frames.push(frame({ ...base, choices: [], usage: encodeUsage(part.usage) }))
        return frames
      }
      case 'error':
        return errorFrames(part.error)
      case 'stream-start':
      case 'metadata':
        return []
    }
  }

  const errorFrames = (error: ProxyError) => [frame({ error: buildOpenAIErrorObject(error) }), doneFrame]

  return {
    contentType: 'text/event-stream; charset=utf-8',
    start: () => [chunk({ role: 'assistant', content: '' })],
    encode,
    // The core always ends a stream with a finish part; this guards a stream that did not.
    end: () => (finished ? [doneFrame] : [chunk({}, mapFinishReason('stop', toolCallCount > 0)), doneFrame]),
    error: errorFrames,
    keepAlive: () => ': keep-alive\n\n',
  }
}
