import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../../core/errors.ts'
import type { InternalRequest, InternalResponse, StreamPart } from '../../../core/ir.ts'
import { builtinModels } from '../../../models/model-table.ts'
import type { EncodeMeta } from '../../types.ts'
import { encodeResponsesResponse } from './encode-response.ts'
import { createResponsesStreamEncoder } from './encode-stream.ts'

const usage = { inputTokens: 5, outputTokens: 3, thoughtTokens: 2, totalTokens: 10 }

function meta(generation: InternalRequest['generation'] = {}): EncodeMeta {
  const request: InternalRequest = { task: 'chat', model: 'gemini-flash', messages: [], generation, stream: true }
  return { requestId: 'r1', operation: 'generate', model: builtinModels[0]!, requestedModelId: 'gemini-flash', created: 1700000000, request, accept: null, query: new URLSearchParams(), usage: () => ({ inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }) }
}

const withSummary = { thinking: { includeThoughts: true } }

function response(overrides: Partial<InternalResponse>): InternalResponse {
  return { text: '', thoughts: '', images: [], toolCalls: [], finishReason: 'stop', usage, metadata: {}, warnings: [], ...overrides }
}

type Body = { status: string; output: Array<Record<string, unknown>>; usage: Record<string, unknown>; incomplete_details: unknown }

function encodeWhole(overrides: Partial<InternalResponse>, generation: InternalRequest['generation'] = {}): Body {
  return encodeResponsesResponse(response(overrides), meta(generation)).body as Body
}

type Event = { type: string; sequence_number: number } & Record<string, unknown>

function parseFrames(frames: string[]): Event[] {
  return frames.map((frame) => {
    const match = /^event: ([^\n]+)\ndata: ([^\n]+)\n\n$/.exec(frame)
    if (!match) throw new Error(`not one SSE event: ${JSON.stringify(frame)}`)
    const data = JSON.parse(match[2]!) as Event
    expect(data.type).toBe(match[1]!)
    return data
  })
}

function runStream(parts: StreamPart[], generation: InternalRequest['generation'] = {}): Event[] {
  const encoder = createResponsesStreamEncoder(meta(generation))
  const frames = [...encoder.start(), ...parts.flatMap((part) => encoder.encode(part)), ...encoder.end()]
  return parseFrames(frames)
}

describe('encodeResponsesResponse', () => {
  test('text with usage; reasoning tokens count inside output tokens', () => {
    const body = encodeWhole({ text: 'Hi', thoughts: 'hmm' })
    expect(body.status).toBe('completed')
    expect(body.output).toEqual([{ type: 'message', id: 'msg_r1_0', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] }])
    expect(body.usage).toEqual({ input_tokens: 5, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 10 })
  })

  test('thoughts become a reasoning item only when a summary was asked for', () => {
    const body = encodeWhole({ text: 'Hi', thoughts: 'hmm' }, withSummary)
    expect(body.output[0]).toEqual({ type: 'reasoning', id: 'rs_r1_0', summary: [{ type: 'summary_text', text: 'hmm' }] })
    expect(body.output[1]?.id).toBe('msg_r1_1')
  })

  test('a call-only answer has no message item; calls keep their ids', () => {
    const body = encodeWhole({ toolCalls: [{ id: 'call_a', name: 'f', arguments: '' }], finishReason: 'tool-calls' })
    expect(body.output).toEqual([{ type: 'function_call', id: 'fc_r1_0', call_id: 'call_a', name: 'f', arguments: '{}', status: 'completed' }])
  })

  test('an empty answer still has an empty message', () => {
    expect(encodeWhole({}).output.map((item) => item.type)).toEqual(['message'])
  })

  test('length is incomplete with max_output_tokens; a block is incomplete with content_filter', () => {
    const long = encodeWhole({ text: 'Hi', finishReason: 'length' })
    expect(long.status).toBe('incomplete')
    expect(long.incomplete_details).toEqual({ reason: 'max_output_tokens' })
    expect(encodeWhole({ finishReason: 'content-filter' }).incomplete_details).toEqual({ reason: 'content_filter' })
  })

  test('images are markdown links after the text', () => {
    const image = { mimeType: 'image/png', data: new Uint8Array([1]), width: 1, height: 1, url: 'http://h/i.png', alt: 'cat' }
    const content = encodeWhole({ text: 'Look', images: [image] }).output[0]?.content as Array<{ text: string }>
    expect(content[0]?.text).toBe('Look\n\n![cat](http://h/i.png)')
  })
})

describe('createResponsesStreamEncoder', () => {
  test('text: lifecycle, one message item, sequence numbers in order', () => {
    const events = runStream([
      { type: 'text-delta', text: 'He' },
      { type: 'text-delta', text: '' },
      { type: 'text-delta', text: 'llo' },
      { type: 'finish', reason: 'stop', usage },
    ])
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index))
    expect(events[6]).toMatchObject({ item_id: 'msg_r1_0', output_index: 0, content_index: 0, text: 'Hello' })
    const completed = events.at(-1)!.response as Body
    expect(completed.status).toBe('completed')
    expect(completed.usage.total_tokens).toBe(10)
  })

  test('thoughts are dropped without a summary request and become reasoning events with one', () => {
    const parts: StreamPart[] = [{ type: 'thought-delta', text: 'hmm' }, { type: 'text-delta', text: 'Hi' }, { type: 'finish', reason: 'stop' }]
    expect(runStream(parts).some((event) => event.type.includes('reasoning'))).toBe(false)
    const events = runStream(parts, withSummary)
    const delta = events.find((event) => event.type === 'response.reasoning_summary_text.delta')
    expect(delta).toMatchObject({ item_id: 'rs_r1_0', output_index: 0, summary_index: 0, delta: 'hmm' })
    const textDelta = events.find((event) => event.type === 'response.output_text.delta')
    expect(textDelta).toMatchObject({ item_id: 'msg_r1_1', output_index: 1 })
  })

  test('a tool call closes the message and streams its arguments in one delta', () => {
    const events = runStream([
      { type: 'text-delta', text: 'Checking.' },
      { type: 'tool-call', id: 'call_a', name: 'f', arguments: '{"x":1}' },
      { type: 'finish', reason: 'tool-calls' },
    ])
    const types = events.map((event) => event.type)
    expect(types.indexOf('response.output_item.done')).toBeLessThan(types.indexOf('response.function_call_arguments.delta'))
    const added = events.filter((event) => event.type === 'response.output_item.added')[1]
    expect(added?.item).toEqual({ type: 'function_call', id: 'fc_r1_1', call_id: 'call_a', name: 'f', arguments: '', status: 'in_progress' })
    expect(events.find((event) => event.type === 'response.function_call_arguments.done')).toMatchObject({ item_id: 'fc_r1_1', arguments: '{"x":1}', name: 'f' })
    const completed = events.at(-1)!.response as Body
    expect(completed.output.map((item) => item.type)).toEqual(['message', 'function_call'])
  })

  test('length ends with response.incomplete', () => {
    const events = runStream([{ type: 'text-delta', text: 'Hi' }, { type: 'finish', reason: 'length' }])
    expect(events.at(-1)?.type).toBe('response.incomplete')
    expect((events.at(-1)!.response as Body).incomplete_details).toEqual({ reason: 'max_output_tokens' })
  })

  test('an empty stream still opens and closes a message; end() after finish adds nothing', () => {
    const encoder = createResponsesStreamEncoder(meta())
    const events = parseFrames([...encoder.start(), ...encoder.encode({ type: 'finish', reason: 'stop' })])
    expect(events.filter((event) => event.type === 'response.output_item.added')).toHaveLength(1)
    expect(encoder.end()).toEqual([])
  })

  test('an error mid-stream is an error event then response.failed, with no completion', () => {
    const encoder = createResponsesStreamEncoder(meta())
    const frames = [...encoder.start(), ...encoder.encode({ type: 'text-delta', text: 'Hel' }), ...encoder.error(new ProxyError('upstream_timeout', 'Too slow'))]
    const events = parseFrames(frames)
    expect(events.at(-2)).toMatchObject({ type: 'error', code: 'upstream_timeout', message: 'Too slow', param: null })
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'upstream_timeout', message: 'Too slow' } } })
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index))
  })

  test('an image after text is a markdown delta; keep-alive is an SSE comment', () => {
    const encoder = createResponsesStreamEncoder(meta())
    encoder.start()
    encoder.encode({ type: 'text-delta', text: 'Look' })
    const events = parseFrames(encoder.encode({ type: 'image', image: { mimeType: 'image/png', data: new Uint8Array([1]), width: 1, height: 1, url: 'http://h/i.png' } }))
    expect(events[0]).toMatchObject({ type: 'response.output_text.delta', delta: '\n\n![image](http://h/i.png)' })
    expect(encoder.keepAlive()).toBe(': keep-alive\n\n')
  })
})
