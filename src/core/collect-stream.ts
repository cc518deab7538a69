/**
 * Folds a stream of parts into a whole response, so a non-streaming request takes exactly the
 * same path as a streaming one. An error part before any content fails the request; an error
 * after content also fails it, because a caller of a non-streaming API expects all or nothing.
 */

import type { InternalResponse, StreamPart } from './ir.ts'

export async function collectStream(parts: AsyncIterable<StreamPart>): Promise<InternalResponse> {
  const response: InternalResponse = {
    text: '',
    thoughts: '',
    images: [],
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 },
    metadata: {},
    warnings: [],
  }
  for await (const part of parts) {
    switch (part.type) {
      case 'text-delta':
        response.text += part.text
        break
      case 'thought-delta':
        response.thoughts += part.text
        break
      case 'image':
        response.images.push(part.image)
        break
      case 'tool-call':
        response.toolCalls.push({ id: part.id, name: part.name, arguments: part.arguments })
        break
      case 'stream-start':
        response.warnings.push(...part.warnings)
        break
      case 'metadata':
        response.metadata = { ...response.metadata, ...part.metadata }
        break
      case 'finish':
        response.finishReason = part.reason
        if (part.raw !== undefined) response.finishRaw = part.raw
        if (part.usage) response.usage = part.usage
        break
      case 'error':
        throw part.error
    }
  }
  return response
}
