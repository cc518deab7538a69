import { describe, expect, test } from 'bun:test'
import { errorKinds, ProxyError } from '../../core/errors.ts'
import type { FinishReason, InternalRequest, InternalResponse, StreamPart } from '../../core/ir.ts'
import { builtinModels } from '../../models/model-table.ts'
import type { EncodeMeta } from '../types.ts'
import { anthropicStatusOf, encodeAnthropicError } from './encode-error.ts'
import { encodeAnthropicResponse, encodeAnthropicTokenCount } from './encode-response.ts'
import { createAnthropicStreamEncoder } from './encode-stream.ts'
import { mapFinishReason } from './map-finish-reason.ts'
import { decodeToolInput, encodeToolUseId, undeliveredImageText } from './message-output.ts'

const usage = { inputTokens: 5, outputTokens: 3, thoughtTokens: 2, totalTokens: 10 }

function meta(generation: InternalRequest['generation'] = {}): EncodeMeta {
  const request: InternalRequest = { task: 'chat', model: 'claude-sonnet-4-5', messages: [], generation, stream: true }
  return { requestId: 'req_abc', operation: 'generate', model: builtinModels[0]!, requestedModelId: 'claude-sonnet-4-5', created: 1700000000, request, accept: null, query: new URLSearchParams(), usage: () => ({ ...usage, outputTokens: 0, thoughtTokens: 0 }) }
}

const thinking = { thinking: { includeThoughts: true, budgetTokens: 1024 } }

function response(overrides: Partial<InternalResponse>): InternalResponse {
  return { text: '', thoughts: '', images: [], toolCalls: [], finishReason: 'stop', usage, metadata: {}, warnings: [], ...overrides }
}

/** The events of a stream as [name, data] pairs, checking each frame's framing on the way. */
function readEvents(frames: string[]): Array<[string, Record<string, unknown>]> {
  return frames.map((frame) => {
    const match = /^event: ([a-z_]+)\ndata: (.+)\n\n$/.exec(frame)
    if (!match) throw new Error(`not an SSE event frame: ${JSON.stringify(frame)}`)
    const data = JSON.parse(match[2]!) as Record<string, unknown>
    expect(data.type).toBe(match[1])
    return [match[1]!, data]
  })
}

function encodeAll(parts: StreamPart[], generation: InternalRequest['generation'] = {}): Array<[string, Record<string, unknown>]> {
  const encoder = createAnthropicStreamEncoder(meta(generation))
  return readEvents([...encoder.start(), ...parts.flatMap((part) => encoder.encode(part)), ...encoder.end()])
}

describe('mapFinishReason', () => {
  const table: Array<[FinishReason, boolean, string]> = [
    ['stop', false, 'end_turn'],
    ['stop', true, 'tool_use'],
    ['tool-calls', true, 'tool_use'],
    ['tool-calls', false, 'end_turn'],
    ['length', false, 'max_tokens'],
    ['length', true, 'max_tokens'],
    ['content-filter', false, 'refusal'],
    ['error', false, 'end_turn'],
    ['other', false, 'end_turn'],
  ]
  for (const [reason, sawToolCalls, expected] of table) {
    test(`${reason}${sawToolCalls ? ' with tool calls' : ''} -> ${expected}`, () => expect(mapFinishReason(reason, sawToolCalls) as string).toBe(expected))
  }
})

describe('message pieces', () => {
  test('tool-call ids take the toolu_ form and keep their digits', () => {
    expect(encodeToolUseId('call_0123abcd')).toBe('toolu_0123abcd')
    expect(encodeToolUseId('toolu_01A')).toBe('toolu_01A')
    expect(encodeToolUseId('call_get weather_0')).toBe('toolu_get_weather_0')
  })

  test('tool input is always an object', () => {
    expect(decodeToolInput('{"city":"Paris"}')).toEqual({ city: 'Paris' })
    expect(decodeToolInput('')).toEqual({})
    expect(decodeToolInput('[1]')).toEqual({ value: [1] })
    expect(decodeToolInput('not json')).toEqual({ arguments: 'not json' })
  })
})

describe('encodeAnthropicResponse', () => {
  test('thinking, text and tool_use blocks with every field the clients read, and no null citations', () => {
    const body = encodeAnthropicResponse(response({ text: 'Checking.', thoughts: 'hmm', toolCalls: [{ id: 'call_1f', name: 'get_weather', arguments: '{"city":"Paris"}' }], finishReason: 'tool-calls' }), meta(thinking)).body
    expect(body).toEqual({
      id: 'msg_abc',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: Buffer.from('gemini-reverse:req_abc').toString('base64') },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1f', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      stop_details: null,
      usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 5 },
    })
    expect(JSON.stringify(body)).not.toContain('null,"citations"')
  })

  test('thoughts are hidden unless displayed thinking was asked for; an empty answer has one empty text block', () => {
    const hidden = encodeAnthropicResponse(response({ text: 'Hi', thoughts: 'hmm' }), meta()).body as { content: unknown[] }
    expect(hidden.content).toEqual([{ type: 'text', text: 'Hi' }])
    const omitted = encodeAnthropicResponse(response({ thoughts: 'hmm' }), meta({ thinking: { includeThoughts: false } })).body as { content: unknown[] }
    expect(omitted.content).toEqual([{ type: 'text', text: '' }])
  })

  test('generated images are markdown links in the text; without a store, a notice', () => {
    const image = { mimeType: 'image/png', data: new Uint8Array([1]), width: 1, height: 1 }
    const body = encodeAnthropicResponse(response({ text: 'Here.', images: [{ ...image, url: 'http://x/images/a.png', alt: 'a [cat]' }, image] }), meta()).body as { content: Array<{ text: string }> }
    expect(body.content[0]!.text).toBe(`Here.\n\n![a  cat](http://x/images/a.png)\n\n${undeliveredImageText}`)
  })

  test('count_tokens answers input_tokens', () => {
    expect(encodeAnthropicTokenCount({ totalTokens: 14 })).toEqual({ input_tokens: 14 })
  })
})

describe('createAnthropicStreamEncoder', () => {
  test('a text answer: message_start, one block with a ping after its start, message_delta, message_stop', () => {
    const events = encodeAll([{ type: 'metadata', metadata: {} }, { type: 'text-delta', text: 'Hel' }, { type: 'text-delta', text: '' }, { type: 'text-delta', text: 'lo' }, { type: 'finish', reason: 'stop', usage }])
    expect(events.map(([name]) => name)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'])
    const start = events[0]![1].message as Record<string, unknown>
    expect(start).toEqual({ id: 'msg_abc', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } })
    expect(events[1]![1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
    expect(events[6]![1]).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null }, usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 5 } })
  })

  test('thinking then text then tool calls: sequential blocks, a signature before the thinking block stops', () => {
    const events = encodeAll(
      [
        { type: 'thought-delta', text: 'Let me ' },
        { type: 'thought-delta', text: 'think.' },
        { type: 'text-delta', text: 'Calling.' },
        { type: 'tool-call', id: 'call_aa', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'call_bb', name: 'get_time', arguments: '' },
        { type: 'finish', reason: 'tool-calls', usage },
      ],
      thinking,
    )
    const summary = events.map(([name, data]) => `${name}${data.index === undefined ? '' : `#${data.index as number}`}${(data.delta as { type?: string } | undefined)?.type ? `:${(data.delta as { type: string }).type}` : ''}`)
    expect(summary).toEqual([
      'message_start',
      'content_block_start#0', 'ping', 'content_block_delta#0:thinking_delta', 'content_block_delta#0:thinking_delta', 'content_block_delta#0:signature_delta', 'content_block_stop#0',
      'content_block_start#1', 'content_block_delta#1:text_delta', 'content_block_stop#1',
      'content_block_start#2', 'content_block_delta#2:input_json_delta', 'content_block_stop#2',
      'content_block_start#3', 'content_block_delta#3:input_json_delta', 'content_block_stop#3',
      'message_delta', 'message_stop',
    ])
    expect(events[1]![1].content_block).toEqual({ type: 'thinking', thinking: '', signature: '' })
    expect(events[10]![1].content_block).toEqual({ type: 'tool_use', id: 'toolu_aa', name: 'get_weather', input: {} })
    expect(events[11]![1].delta).toEqual({ type: 'input_json_delta', partial_json: '{"city":"Paris"}' })
    expect(events[14]![1].delta).toEqual({ type: 'input_json_delta', partial_json: '{}' })
    expect((events.at(-2)![1].delta as { stop_reason: string }).stop_reason).toBe('tool_use')
  })

  test('hidden thoughts write nothing; an image continues the text block', () => {
    const events = encodeAll([{ type: 'thought-delta', text: 'secret' }, { type: 'text-delta', text: 'Look:' }, { type: 'image', image: { mimeType: 'image/png', data: new Uint8Array([1]), width: 1, height: 1, url: 'http://x/i.png' } }, { type: 'finish', reason: 'stop' }])
    expect(JSON.stringify(events)).not.toContain('secret')
    const texts = events.filter(([name]) => name === 'content_block_delta').map(([, data]) => (data.delta as { text: string }).text)
    expect(texts).toEqual(['Look:', '\n\n![image](http://x/i.png)'])
  })

  test('an empty answer still ends properly; a stream with no finish part is closed by end()', () => {
    expect(encodeAll([{ type: 'finish', reason: 'length' }]).map(([name]) => name)).toEqual(['message_start', 'message_delta', 'message_stop'])
    const events = encodeAll([{ type: 'text-delta', text: 'cut' }])
    expect(events.map(([name]) => name).slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop'])
  })

  test('an error after the start is one error event; keep-alives are pings', () => {
    const encoder = createAnthropicStreamEncoder(meta())
    expect(readEvents(encoder.error(new ProxyError('upstream_unavailable', 'Gemini web is unreachable')))).toEqual([
      ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Gemini web is unreachable' }, request_id: 'req_abc' }],
    ])
    expect(encoder.keepAlive()).toBe('event: ping\ndata: {"type":"ping"}\n\n')
    expect(encoder.contentType).toBe('text/event-stream; charset=utf-8')
  })
})

describe('encodeAnthropicError', () => {
  const expected: Record<string, [number, string]> = {
    invalid_request: [400, 'invalid_request_error'],
    unsupported_feature: [400, 'invalid_request_error'],
    unauthenticated: [401, 'authentication_error'],
    permission_denied: [403, 'permission_error'],
    not_found: [404, 'not_found_error'],
    method_not_allowed: [405, 'invalid_request_error'],
    model_not_found: [404, 'not_found_error'],
    payload_too_large: [413, 'request_too_large'],
    rate_limited: [429, 'rate_limit_error'],
    upstream_unauthenticated: [503, 'api_error'],
    upstream_rate_limited: [529, 'overloaded_error'],
    upstream_timeout: [504, 'timeout_error'],
    upstream_unavailable: [529, 'overloaded_error'],
    upstream_bad_response: [502, 'api_error'],
    content_blocked: [400, 'invalid_request_error'],
    client_closed: [499, 'invalid_request_error'],
    service_unavailable: [529, 'overloaded_error'],
    internal: [500, 'api_error'],
  }
  for (const kind of errorKinds) {
    test(`${kind} -> ${expected[kind]!.join(' ')}`, () => {
      const rendered = encodeAnthropicError(new ProxyError(kind, 'words'))
      expect([rendered.status, (rendered.body as { error: { type: string } }).error.type]).toEqual(expected[kind]!)
      expect(rendered.body).toEqual({ type: 'error', error: { type: expected[kind]![1], message: 'words' } })
    })
  }

  test('an oversized image inside a request stays a 400 invalid_request_error', () => {
    const error = new ProxyError('payload_too_large', 'too big', { status: 400 })
    expect(anthropicStatusOf(error)).toBe(400)
    expect((encodeAnthropicError(error).body as { error: { type: string } }).error.type).toBe('invalid_request_error')
  })

  test('non-retryable errors tell the SDK not to retry; a rate limit carries the guide detail', () => {
    expect(encodeAnthropicError(new ProxyError('invalid_request', 'x')).headers).toEqual({ 'x-should-retry': 'false' })
    expect(encodeAnthropicError(new ProxyError('upstream_unavailable', 'x')).headers).toEqual({})
    const limited = encodeAnthropicError(new ProxyError('rate_limited', 'slow down', { details: { detail: '模型 m 调用过于频繁，请等待 1.0 秒后重试' } }))
    expect(limited.body).toEqual({ detail: '模型 m 调用过于频繁，请等待 1.0 秒后重试', type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } })
  })
})
