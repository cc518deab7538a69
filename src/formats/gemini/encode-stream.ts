/**
 * Streamed GenerateContentResponse chunks, in the two framings Google serves: `?alt=sse` (one
 * `data: {json}\n\n` per chunk, no event lines, no terminator, as @google/genai and
 * @ai-sdk/google read it) and, without `alt`, one JSON array written element by element (curl and
 * hand-written clients). Every chunk carries `role: "model"`, `index: 0`, the cumulative usage
 * estimate, `modelVersion` and `responseId`; the last one carries `finishReason`.
 */

import type { Usage } from '../../core/ir.ts'
import type { ProxyError } from '../../core/errors.ts'
import type { StreamPart } from '../../core/ir.ts'
import type { EncodeMeta, StreamEncoder } from '../types.ts'
import { buildGeminiErrorObject } from './encode-error.ts'
import {
  buildEnvelope,
  encodeFunctionCallPart,
  encodeImagePart,
  encodeUsage,
  includesThoughts,
  isBlocked,
  mapFinishReason,
  type GeminiCandidate,
  type GeminiPart,
} from './encode-response.ts'

/** Google separates array elements with ",\r\n"; any JSON whitespace would do for a parser. */
const arraySeparator = ',\r\n'

type Framing = {
  contentType: string
  start: string[]
  frame(json: string, isFirst: boolean): string
  end: string[]
  errorFrame(json: string, isFirst: boolean): string
  keepAlive: string
}

const sseFraming: Framing = {
  contentType: 'text/event-stream',
  start: [],
  frame: (json) => `data: ${json}\n\n`,
  end: [],
  errorFrame: (json) => `data: ${json}\n\n`,
  // A comment line: @google/genai only reads events that start with "data:".
  keepAlive: ': keep-alive\n\n',
}

const arrayFraming: Framing = {
  contentType: 'application/json; charset=utf-8',
  start: ['['],
  frame: (json, isFirst) => (isFirst ? json : `${arraySeparator}${json}`),
  end: [']'],
  errorFrame: (json, isFirst) => `${isFirst ? '' : arraySeparator}${json}]`,
  // Whitespace between array elements keeps the body valid JSON.
  keepAlive: '\n',
}

export function createGeminiStreamEncoder(meta: EncodeMeta): StreamEncoder {
  const framing = meta.query.get('alt') === 'sse' ? sseFraming : arrayFraming
  const showThoughts = includesThoughts(meta)
  let hasContent = false
  let written = 0

  const frame = (candidate: GeminiCandidate, usage: Usage = meta.usage(), blocked = false): string[] => {
    const json = JSON.stringify(buildEnvelope(meta, candidate, encodeUsage(usage), blocked))
    written += 1
    return [framing.frame(json, written === 1)]
  }
  const candidateOf = (parts: GeminiPart[], finishReason?: string): GeminiCandidate =>
    finishReason === undefined ? { content: { role: 'model', parts }, index: 0 } : { content: { role: 'model', parts }, finishReason, index: 0 }

  return {
    contentType: framing.contentType,
    start: () => [...framing.start],
    encode(part: StreamPart): string[] {
      switch (part.type) {
        case 'text-delta':
          if (part.text.length === 0) return []
          hasContent = true
          return frame(candidateOf([{ text: part.text }]))
        case 'thought-delta':
          // Thoughts still count in usage; they are shown only when the caller asked for them.
          if (!showThoughts || part.text.length === 0) return []
          return frame(candidateOf([{ text: part.text, thought: true }]))
        case 'image':
          hasContent = true
          return frame(candidateOf([encodeImagePart(part.image)]))
        case 'tool-call':
          hasContent = true
          return frame(candidateOf([encodeFunctionCallPart(part)]))
        case 'finish': {
          const blocked = isBlocked(part.reason, hasContent)
          const usage = part.usage ?? meta.usage()
          return frame(candidateOf(blocked ? [] : [{ text: '' }], mapFinishReason(part.reason)), usage, blocked)
        }
        case 'stream-start':
        case 'metadata':
        case 'error':
          // Warnings become headers and metadata stays internal; errors are routed to error() by the relay.
          return []
      }
    },
    end: () => [...framing.end],
    error(error: ProxyError): string[] {
      const json = JSON.stringify({ error: buildGeminiErrorObject(error) })
      written += 1
      return [framing.errorFrame(json, written === 1)]
    },
    keepAlive: () => framing.keepAlive,
  }
}
