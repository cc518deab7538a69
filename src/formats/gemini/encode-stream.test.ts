import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import type { InternalRequest, StreamPart } from '../../core/ir.ts'
import { createUsageCounter, estimateRequestTokens } from '../../core/estimate-tokens.ts'
import { builtinModels } from '../../models/model-table.ts'
import type { EncodeMeta } from '../types.ts'
import { createGeminiStreamEncoder } from './encode-stream.ts'

function buildMeta(request: Partial<InternalRequest> = {}, query = ''): EncodeMeta {
  const internal: InternalRequest = { task: 'chat', model: 'gemini-2.5-flash', messages: [{ role: 'user', parts: [{ type: 'text', text: 'abcd' }] }], generation: {}, stream: true, ...request }
  return { requestId: 'req_1', operation: 'generate', model: builtinModels[0]!, requestedModelId: internal.model, created: 0, request: internal, accept: null, query: new URLSearchParams(query), usage: () => ({ inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }) }
}

const parts: StreamPart[] = [
  { type: 'metadata', metadata: { responseId: 'upstream' } },
  { type: 'thought-delta', text: 'hmm' },
  { type: 'text-delta', text: 'abcd' },
  { type: 'text-delta', text: 'efgh' },
  { type: 'finish', reason: 'stop', usage: { inputTokens: 1, outputTokens: 2, thoughtTokens: 1, totalTokens: 4 } },
]

/** Encodes the parts as the pipeline does: the core counts each part before the encoder sees it. */
function run(query: string, includeThoughts = false): string {
  const meta = buildMeta({ stream: true, generation: { thinking: { includeThoughts } } }, query)
  const counter = createUsageCounter(estimateRequestTokens(meta.request))
  const encoder = createGeminiStreamEncoder({ ...meta, usage: counter.usage })
  const encodeCounted = (part: StreamPart) => {
    counter.countPart(part)
    return encoder.encode(part)
  }
  return [...encoder.start(), ...parts.flatMap(encodeCounted), ...encoder.end()].join('')
}

type Chunk = { candidates: Array<{ content: { role: string; parts: Array<{ text?: string; thought?: boolean }> }; finishReason?: string; index: number }>; usageMetadata: { candidatesTokenCount: number; totalTokenCount: number } }

describe('Gemini stream encoder', () => {
  test('SSE: one data event per chunk, no event lines, no terminator, cumulative usage, last chunk finishes', () => {
    const body = run('alt=sse')
    expect(body.endsWith('\n\n')).toBe(true)
    expect(body).not.toContain('event:')
    expect(body).not.toContain('[DONE]')
    const events = body.split('\n\n').filter(Boolean)
    expect(events.every((event) => event.startsWith('data: ') && !event.includes('\n'))).toBe(true)
    const chunks = events.map((event) => JSON.parse(event.slice(6)) as Chunk)
    expect(chunks.map((chunk) => chunk.candidates[0]!.content.parts[0]!.text)).toEqual(['abcd', 'efgh', ''])
    expect(chunks.every((chunk) => chunk.candidates[0]!.content.role === 'model' && chunk.candidates[0]!.index === 0)).toBe(true)
    expect(chunks.map((chunk) => chunk.usageMetadata.candidatesTokenCount)).toEqual([1, 2, 2])
    expect(chunks.map((chunk) => chunk.candidates[0]!.finishReason)).toEqual([undefined, undefined, 'STOP'])
  })

  test('thought deltas are sent as thought parts only when asked for', () => {
    const chunks = run('alt=sse', true).split('\n\n').filter(Boolean).map((event) => JSON.parse(event.slice(6)) as Chunk)
    expect(chunks[0]!.candidates[0]!.content.parts).toEqual([{ text: 'hmm', thought: true }])
    expect(chunks).toHaveLength(4)
  })

  test('without alt: one JSON array, elements separated by ",\\r\\n"', () => {
    const body = run('')
    expect(body.startsWith('[{')).toBe(true)
    expect(body.endsWith('}]')).toBe(true)
    expect(body.split(',\r\n{')).toHaveLength(3)
    expect((JSON.parse(body) as Chunk[]).map((chunk) => chunk.candidates[0]!.content.parts[0]!.text)).toEqual(['abcd', 'efgh', ''])
  })

  test('errors: an SSE data event; in the array, a last element that closes the array', () => {
    const error = new ProxyError('upstream_timeout', 'too slow')
    const sse = createGeminiStreamEncoder(buildMeta({}, 'alt=sse'))
    expect(sse.error(error)).toEqual(['data: {"error":{"code":504,"message":"too slow","status":"DEADLINE_EXCEEDED"}}\n\n'])
    const first = createGeminiStreamEncoder(buildMeta())
    const atStart = [...first.start(), ...first.error(error)].join('')
    expect(JSON.parse(atStart)).toEqual([{ error: { code: 504, message: 'too slow', status: 'DEADLINE_EXCEEDED' } }])
    const later = createGeminiStreamEncoder(buildMeta())
    const afterText = [...later.start(), ...later.encode({ type: 'text-delta', text: 'x' }), ...later.error(error)].join('')
    expect((JSON.parse(afterText) as unknown[]).length).toBe(2)
  })

  test('keep-alive frames are invisible to the reader of each framing', () => {
    const sse = createGeminiStreamEncoder(buildMeta({}, 'alt=sse'))
    expect(sse.keepAlive()).toBe(': keep-alive\n\n')
    expect(sse.contentType).toBe('text/event-stream')
    const array = createGeminiStreamEncoder(buildMeta())
    const body = [...array.start(), array.keepAlive(), ...array.encode({ type: 'text-delta', text: 'x' }), array.keepAlive(), ...array.end()].join('')
    expect((JSON.parse(body) as unknown[]).length).toBe(1)
    expect(array.contentType).toContain('application/json')
  })

  test('a blocked stream answers promptFeedback and a SAFETY candidate with no parts', () => {
    const encoder = createGeminiStreamEncoder(buildMeta({}, 'alt=sse'))
    const [frame] = encoder.encode({ type: 'finish', reason: 'content-filter' })
    const chunk = JSON.parse(frame!.slice(6)) as Record<string, unknown>
    expect(chunk.promptFeedback).toEqual({ blockReason: 'OTHER' })
    expect(chunk.candidates).toEqual([{ content: { role: 'model', parts: [] }, finishReason: 'SAFETY', index: 0 }])
  })
})
