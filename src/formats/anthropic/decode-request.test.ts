import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import type { InternalRequest, Warning } from '../../core/ir.ts'
import type { DecodeInput, Operation } from '../types.ts'
import { decodeAnthropicRequest } from './decode-request.ts'

/** A 1x1 PNG. */
const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

let warnings: Warning[] = []

function input(body: unknown, operation: Operation = 'generate'): DecodeInput {
  warnings = []
  return { operation, body, pathModelId: undefined, pathStream: false, query: new URLSearchParams(), headers: new Headers(), warnings }
}

function decode(extra: Record<string, unknown>, messages: unknown[] = [{ role: 'user', content: 'hi' }], operation: Operation = 'generate'): InternalRequest {
  return decodeAnthropicRequest(input({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages, ...extra }, operation))
}

function ignoredFields(): string[] {
  return warnings.flatMap((warning) => (warning.type === 'ignored-field' ? [warning.field] : []))
}

function refusal(body: unknown): ProxyError {
  try {
    decodeAnthropicRequest(input(body))
  } catch (error) {
    if (error instanceof ProxyError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

function refusalOf(extra: Record<string, unknown>, messages: unknown[] = [{ role: 'user', content: 'hi' }]): ProxyError {
  return refusal({ model: 'claude-sonnet-4-5', max_tokens: 10, messages, ...extra })
}

describe('decodeAnthropicRequest: history', () => {
  test('a plain conversation, with system as a string', () => {
    const request = decode({ system: 'Be brief.', stream: true }, [
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: [{ type: 'text', text: 'Hi!' }] },
      { role: 'user', content: [{ type: 'text', text: 'How are ' }, { type: 'text', text: 'you?' }] },
    ])
    expect(request).toEqual({
      task: 'chat',
      model: 'claude-sonnet-4-5',
      systemInstruction: 'Be brief.',
      messages: [
        { role: 'user', parts: [{ type: 'text', text: 'Hello' }] },
        { role: 'assistant', parts: [{ type: 'text', text: 'Hi!' }] },
        { role: 'user', parts: [{ type: 'text', text: 'How are ' }, { type: 'text', text: 'you?' }] },
      ],
      generation: { maxOutputTokens: 1024 },
      stream: true,
      streamMode: 'sse',
      imageUrls: true,
    })
  })

  test('a tool round trip: tool_use becomes a call, tool_result a tool message before the rest of its turn', () => {
    const request = decode({}, [
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should look it up.', signature: 'c2ln' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: 'sunny' }, { type: 'text', text: '21 C' }], cache_control: { type: 'ephemeral' } },
          { type: 'tool_result', tool_use_id: 'toolu_lost', content: 'denied', is_error: true },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ])
    expect(request.messages).toEqual([
      { role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', parts: [{ type: 'text', text: 'Checking.' }, { type: 'tool-call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      {
        role: 'tool',
        parts: [
          { type: 'tool-result', id: 'toolu_01', name: 'get_weather', content: 'sunny\n21 C' },
          // A result whose call is not in the history is named by its id; an error says so.
          { type: 'tool-result', id: 'toolu_lost', name: 'toolu_lost', content: 'Error: denied' },
        ],
      },
      { role: 'user', parts: [{ type: 'text', text: 'Thanks' }] },
    ])
  })

  test('system blocks and mid-conversation system messages join the instruction; the billing header line is dropped', () => {
    const request = decode(
      {
        system: [
          { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332.0b8; cc_entrypoint=sdk-cli;' },
          { type: 'text', text: 'You are an agent.', cache_control: { type: 'ephemeral' } },
        ],
      },
      [
        { role: 'user', content: 'say hi' },
        { role: 'system', content: [{ type: 'text', text: '# Environment', cache_control: { type: 'ephemeral' } }] },
      ],
    )
    expect(request.systemInstruction).toBe('You are an agent.\n\n# Environment')
    expect(request.messages).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'say hi' }] }])
  })

  test('images (base64 typed by their bytes, URLs) and documents (PDF, text, content, URL)', () => {
    const request = decode({}, [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: pngBase64 } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: Buffer.from('%PDF-1.4').toString('base64') }, title: 'report.pdf' },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
          { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'inline words' }] } },
          { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
        ],
      },
    ])
    const parts = request.messages[0]!.parts
    expect(parts[0]).toMatchObject({ type: 'image', source: { kind: 'bytes', mimeType: 'image/png' } })
    expect(parts[1]).toEqual({ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } })
    expect(parts[2]).toMatchObject({ type: 'file', filename: 'report.pdf', source: { kind: 'bytes', mimeType: 'application/pdf' } })
    expect(new TextDecoder().decode((parts[2] as { source: { data: Uint8Array } }).source.data)).toBe('%PDF-1.4')
    expect(parts[3]).toMatchObject({ type: 'file', filename: 'document.txt', source: { kind: 'bytes', mimeType: 'text/plain' } })
    expect(parts[4]).toEqual({ type: 'text', text: 'inline words' })
    expect(parts[5]).toEqual({ type: 'file', source: { kind: 'url', url: 'https://example.com/paper.pdf' } })
  })

  test('unknown block types are accepted, dropped and reported; a turn of thinking alone disappears', () => {
    const request = decode({}, [
      { role: 'user', content: [{ type: 'text', text: 'search' }, { type: 'search_result', source: 'x', title: 't', content: [] }] },
      { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'opaque' }] },
      { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }, { type: 'text', text: 'Found it.' }] },
      { role: 'user', content: 'ok' },
    ])
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(ignoredFields()).toEqual(['messages.0.content.1', 'messages.2.content.0'])
  })
})

describe('decodeAnthropicRequest: options', () => {
  test('sampling options, stop sequences, metadata, and fields with no counterpart', () => {
    const request = decode({ temperature: 0.3, top_p: 0.9, top_k: 40, stop_sequences: ['END', ''], metadata: { user_id: 'user-7' }, context_management: { edits: [] }, service_tier: 'auto', some_future_field: { x: 1 } })
    expect(request.generation).toEqual({ maxOutputTokens: 1024, temperature: 0.3, topP: 0.9, topK: 40, stopSequences: ['END'] })
    expect(request.endUser).toBe('user-7')
    expect(ignoredFields()).toEqual(['service_tier', 'context_management'])
  })

  test('max_tokens 0 (a cache warm-up) and a missing max_tokens set no limit', () => {
    expect(decode({ max_tokens: 0 }).generation.maxOutputTokens).toBeUndefined()
    expect(decodeAnthropicRequest(input({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).generation.maxOutputTokens).toBeUndefined()
  })

  test('thinking: enabled with a budget, adaptive, omitted display, disabled, and effort', () => {
    expect(decode({ thinking: { type: 'enabled', budget_tokens: 2048 } }).generation.thinking).toEqual({ includeThoughts: true, budgetTokens: 2048 })
    expect(decode({ thinking: { type: 'adaptive' } }).generation.thinking).toEqual({ includeThoughts: true })
    expect(decode({ thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'medium' } }).generation.thinking).toEqual({ includeThoughts: false, effort: 'medium' })
    expect(decode({ thinking: { type: 'disabled' } }).generation.thinking).toEqual({ includeThoughts: false })
    expect(decode({ output_config: { effort: 'xhigh' } }).generation.thinking).toEqual({ includeThoughts: false, effort: 'max' })
  })

  test('structured output from output_config.format and the beta output_format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } }
    expect(decode({ output_config: { format: { type: 'json_schema', schema } } }).generation.responseFormat).toEqual({ type: 'json', schema })
    expect(decode({ output_format: { type: 'json_schema', schema } }).generation.responseFormat).toEqual({ type: 'json', schema })
  })

  test('custom tools become tool definitions; typed and server tools are reported as ignored', () => {
    const request = decode({
      tools: [
        { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, cache_control: { type: 'ephemeral' } },
        { type: 'custom', name: 'lookup', input_schema: { type: 'object' }, defer_loading: true },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'bash_20250124', name: 'bash' },
      ],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
    })
    expect(request.tools).toEqual([
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'lookup', parameters: { type: 'object' } },
    ])
    expect(request.toolChoice).toEqual({ mode: 'required', allowedNames: ['get_weather'] })
    expect(ignoredFields()).toEqual(['tools.2', 'tools.3', 'tool_choice.disable_parallel_tool_use'])
  })

  test('tool choices', () => {
    expect(decode({ tool_choice: { type: 'auto' } }).toolChoice).toEqual({ mode: 'auto' })
    expect(decode({ tool_choice: { type: 'any' } }).toolChoice).toEqual({ mode: 'required' })
    expect(decode({ tool_choice: { type: 'none' } }).toolChoice).toEqual({ mode: 'none' })
  })

  test('count_tokens decodes the same body as a count, never a stream', () => {
    const request = decode({ stream: true }, [{ role: 'user', content: 'count me' }], 'count-tokens')
    expect(request.task).toBe('count-tokens')
    expect(request.stream).toBe(false)
  })
})

describe('decodeAnthropicRequest: refusals name the field the way Anthropic does', () => {
  const cases: Array<[string, Record<string, unknown>, unknown[] | undefined, string]> = [
    ['content of the wrong type', {}, [{ role: 'user', content: 5 }], 'messages.0.content: Expected string or an array'],
    ['a block field of the wrong type', {}, [{ role: 'user', content: [{ type: 'text', text: 1 }] }], 'messages.0.content.0.text: Expected string'],
    ['an unknown role', {}, [{ role: 'robot', content: 'x' }], "messages.0.role: Input should be 'user' or 'assistant'"],
    ['a tool_use without an id', {}, [{ role: 'assistant', content: [{ type: 'tool_use', name: 'f', input: {} }] }], 'messages.0.content.0.id: Field required'],
    ['a temperature out of range', { temperature: 5 }, undefined, 'temperature: Expected number or null'],
    ['max_tokens as a string', { max_tokens: '10' }, undefined, 'max_tokens: Expected integer'],
    ['an unknown thinking type', { thinking: { type: 'sometimes' } }, undefined, "thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'"],
    ['an unknown effort', { output_config: { effort: 'extreme' } }, undefined, "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'"],
    ['an unknown tool choice', { tool_choice: { type: 'all' } }, undefined, "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'"],
    ['a named tool choice without a name', { tool_choice: { type: 'tool' } }, undefined, 'tool_choice.name: Field required'],
    ['a custom tool without input_schema', { tools: [{ name: 'f' }] }, undefined, 'tools.0.input_schema: Field required'],
    ['bad base64 in a document', {}, [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: '%%%' } }] }], 'messages.0.content.0.source.data: the data is not valid base64'],
    ['a file: URL', {}, [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'file:///etc/passwd' } }] }], 'messages.0.content.0.source.url: only http and https URLs are supported'],
    ['an unknown image source', {}, [{ role: 'user', content: [{ type: 'image', source: { type: 's3' } }] }], "messages.0.content.0.source.type: Input should be 'base64', 'url' or 'file'"],
    ['only system messages', {}, [{ role: 'system', content: 'x' }], 'messages: at least one user or assistant message with content is required'],
  ]
  for (const [name, extra, messages, message] of cases) {
    test(name, () => {
      const error = refusalOf(extra, messages)
      expect(error.kind).toBe('invalid_request')
      expect(error.message).toBe(message)
      expect(error.param).toBe(message.split(':')[0])
    })
  }

  test('a missing model, a body that is not an object, and a Files API reference', () => {
    expect(refusal({ messages: [{ role: 'user', content: 'x' }] }).message).toBe('model: Field required')
    expect(refusal([1, 2]).message).toContain('must be a JSON object')
    const files = refusalOf({}, [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }])
    expect(files.kind).toBe('unsupported_feature')
    expect(files.param).toBe('messages.0.content.0.source.file_id')
  })

  test('an image that is not an image is refused, whatever its media_type says', () => {
    const error = refusalOf({}, [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from('not an image').toString('base64') } }] }])
    expect(error.kind).toBe('invalid_request')
    expect(error.param).toBe('messages.0.content.0.source.data')
  })
})
