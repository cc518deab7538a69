import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../../core/errors.ts'
import type { FinishReason, InternalRequest, InternalResponse } from '../../../core/ir.ts'
import { builtinModels } from '../../../models/model-table.ts'
import type { EncodeMeta } from '../../types.ts'
import { encodeUsage, mapFinishReason, undeliveredImageNotice } from './chat-output.ts'
import { encodeChatResponse } from './encode-response.ts'
import { createChatStreamEncoder } from './encode-stream.ts'

const usage = { inputTokens: 5, outputTokens: 3, thoughtTokens: 2, totalTokens: 10 }

function meta(includeUsage = false, generation: InternalRequest['generation'] = {}): EncodeMeta {
  const request: InternalRequest = { task: 'chat', model: 'gemini-flash', messages: [], generation, stream: true, streamUsage: includeUsage }
  return { requestId: 'r1', operation: 'generate', model: builtinModels[0]!, requestedModelId: 'gemini-flash', created: 1700000000, request, accept: null, query: new URLSearchParams(), usage: () => ({ inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }) }
}

function response(overrides: Partial<InternalResponse>): InternalResponse {
  return { text: '', thoughts: '', images: [], toolCalls: [], finishReason: 'stop', usage, metadata: {}, warnings: [], ...overrides }
}

const image = { mimeType: 'image/png', data: new Uint8Array([1, 2]), width: 1, height: 1 }

describe('mapFinishReason', () => {
  const table: Array<[FinishReason, boolean, string]> = [
    ['stop', false, 'stop'],
    ['length', false, 'length'],
    ['content-filter', false, 'content_filter'],
    ['tool-calls', true, 'tool_calls'],
    ['tool-calls', false, 'stop'],
    ['stop', true, 'tool_calls'],
    ['length', true, 'length'],
    ['error', false, 'stop'],
    ['other', false, 'stop'],
  ]
  for (const [reason, sawToolCalls, expected] of table) {
    test(`${reason}${sawToolCalls ? ' with tool calls' : ''} -> ${expected}`, () => expect(mapFinishReason(reason, sawToolCalls) as string).toBe(expected))
  }
})

describe('encodeChatResponse', () => {
  test('text with thoughts, usage counting reasoning inside completion tokens', () => {
    const body = encodeChatResponse(response({ text: 'Hi', thoughts: 'hmm' }), meta()).body
    expect(body).toEqual({
      id: 'chatcmpl-r1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gemini-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', refusal: null, reasoning_content: 'hmm' }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 2 } },
    })
    expect(encodeUsage(usage).total_tokens).toBe(usage.totalTokens)
  })

  test('reasoning_effort "none" hides thoughts, whole and streamed', () => {
    const hidden = meta(false, { thinking: { includeThoughts: false, effort: 'none' } })
    const body = encodeChatResponse(response({ text: 'Hi', thoughts: 'hmm' }), hidden).body as { choices: Array<{ message: Record<string, unknown> }> }
    expect('reasoning_content' in (body.choices[0]?.message ?? {})).toBe(false)
    expect(createChatStreamEncoder(hidden).encode({ type: 'thought-delta', text: 'hmm' })).toEqual([])
    expect(createChatStreamEncoder(meta()).encode({ type: 'thought-delta', text: 'hmm' })).toHaveLength(1)
  })

  test('no reasoning_content without thoughts; tool calls with null content', () => {
    const body = encodeChatResponse(response({ toolCalls: [{ id: 'call_1', name: 'f', arguments: '' }] }), meta()).body as { choices: Array<{ message: Record<string, unknown>; finish_reason: string }> }
    expect(body.choices[0]?.message).toEqual({ role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] })
    expect(body.choices[0]?.finish_reason).toBe('tool_calls')
  })

  test('images become markdown links after the text, or a notice when undeliverable; never base64', () => {
    const body = encodeChatResponse(response({ text: 'Here:', images: [{ ...image, url: 'http://localhost/images/a.png' }, image] }), meta()).body as { choices: Array<{ message: { content: string } }> }
    expect(body.choices[0]?.message.content).toBe(`Here:\n\n![image](http://localhost/images/a.png)\n\n${undeliveredImageNotice}`)
  })
})

describe('createChatStreamEncoder', () => {
  const parse = (frames: string[]) => frames.map((frame) => {
    expect(frame.startsWith('data: ')).toBe(true)
    expect(frame.endsWith('\n\n')).toBe(true)
    expect(frame.slice(0, -2).includes('\n')).toBe(false)
    const payload = frame.slice(6, -2)
    return payload === '[DONE]' ? payload : JSON.parse(payload)
  })

  test('role chunk, deltas, finish chunk, then [DONE]; no usage fields unless asked', () => {
    const encoder = createChatStreamEncoder(meta())
    const frames = [
      ...encoder.start(),
      ...encoder.encode({ type: 'metadata', metadata: { responseId: 'x' } }),
      ...encoder.encode({ type: 'thought-delta', text: 'think' }),
      ...encoder.encode({ type: 'text-delta', text: 'Hi' }),
      ...encoder.encode({ type: 'text-delta', text: '' }),
      ...encoder.encode({ type: 'image', image: { ...image, url: 'http://localhost/i.png' } }),
      ...encoder.encode({ type: 'finish', reason: 'length', usage }),
      ...encoder.end(),
    ]
    const chunks = parse(frames)
    expect(chunks.map((chunk) => (chunk === '[DONE]' ? chunk : chunk.choices[0]))).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { reasoning_content: 'think' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: '\n\n![image](http://localhost/i.png)' }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'length' },
      '[DONE]',
    ])
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk).toMatchObject({ id: 'chatcmpl-r1', object: 'chat.completion.chunk', created: 1700000000, model: 'gemini-flash' })
      expect('usage' in chunk).toBe(false)
    }
  })

  test('include_usage: usage null on every chunk, then a choices-[] usage chunk before [DONE]', () => {
    const encoder = createChatStreamEncoder(meta(true))
    const chunks = parse([...encoder.start(), ...encoder.encode({ type: 'text-delta', text: 'a' }), ...encoder.encode({ type: 'finish', reason: 'stop', usage }), ...encoder.end()])
    expect(chunks.slice(0, 3).map((chunk) => chunk.usage)).toEqual([null, null, null])
    expect(chunks[3]).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } })
    expect(chunks[4]).toBe('[DONE]')
  })

  test('tool calls carry index, id, type and the whole arguments; finish becomes tool_calls', () => {
    const encoder = createChatStreamEncoder(meta())
    const chunks = parse([
      ...encoder.encode({ type: 'tool-call', id: 'call_a', name: 'f', arguments: '{"x":1}' }),
      ...encoder.encode({ type: 'tool-call', id: 'call_b', name: 'g', arguments: '' }),
      ...encoder.encode({ type: 'finish', reason: 'stop' }),
    ])
    expect(chunks[0].choices[0].delta).toEqual({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] })
    expect(chunks[1].choices[0].delta.tool_calls[0]).toMatchObject({ index: 1, function: { arguments: '{}' } })
    expect(chunks[2].choices[0].finish_reason).toBe('tool_calls')
  })

  test('end() adds a finish chunk when the stream had none; error() sends an error frame and [DONE]', () => {
    const encoder = createChatStreamEncoder(meta())
    expect(parse(encoder.end())[0].choices[0].finish_reason).toBe('stop')
    const errorFrames = parse(createChatStreamEncoder(meta()).error(new ProxyError('upstream_unavailable', 'Gemini is down')))
    expect(errorFrames).toEqual([{ error: { message: 'Gemini is down', type: 'server_error', param: null, code: 'upstream_unavailable' } }, '[DONE]'])
  })

  test('keep-alive is an SSE comment and the content type is event-stream', () => {
    const encoder = createChatStreamEncoder(meta())
    expect(encoder.keepAlive()).toBe(': keep-alive\n\n')
    expect(encoder.contentType).toStartWith('text/event-stream')
  })
})
