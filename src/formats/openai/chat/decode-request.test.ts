import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../../core/errors.ts'
import type { InternalRequest, Warning } from '../../../core/ir.ts'
import { decodeChatRequest } from './decode-request.ts'

const pngBase64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64')

let warnings: Warning[] = []

function decode(extra: Record<string, unknown>, messages: unknown[] = [{ role: 'user', content: 'hi' }]): InternalRequest {
  warnings = []
  return decodeChatRequest({ model: 'gemini-2.5-flash', messages, ...extra }, warnings)
}

/** The fields the last decode reported as accepted but not honoured. */
function ignoredFields(): string[] {
  return warnings.flatMap((warning) => (warning.type === 'ignored-field' ? [warning.field] : []))
}

function refusal(body: unknown): ProxyError {
  try {
    decodeChatRequest(body)
  } catch (error) {
    if (error instanceof ProxyError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('decodeChatRequest: roles', () => {
  test('system and developer join into the system instruction; other roles map in order', () => {
    const request = decode({}, [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'assistant', content: 'Il fait 21 degrés.' },
      { role: 'user', content: 'Merci' },
    ])
    expect(request.systemInstruction).toBe('Be brief.\n\nAnswer in French.')
    expect(request.messages).toEqual([
      { role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', parts: [{ type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', parts: [{ type: 'tool-result', id: 'call_1', name: 'get_weather', content: '{"temp":21}' }] },
      { role: 'assistant', parts: [{ type: 'text', text: 'Il fait 21 degrés.' }] },
      { role: 'user', parts: [{ type: 'text', text: 'Merci' }] },
    ])
  })

  test('assistant text beside tool calls, refusal parts, and legacy function calling', () => {
    const request = decode({}, [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'text', text: 'Checking. ' }, { type: 'refusal', refusal: 'Partly refused.' }], tool_calls: [{ id: 'c', type: 'function', function: { name: 'f' } }] },
      { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
      { role: 'function', name: 'lookup', content: 'found' },
      { role: 'tool', tool_call_id: 'lost_call', content: [{ type: 'text', text: 'orphan' }] },
    ])
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', text: 'Checking. Partly refused.' }, { type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }] },
      { role: 'assistant', parts: [{ type: 'tool-call', id: 'lookup', name: 'lookup', arguments: '{"q":1}' }] },
      { role: 'tool', parts: [{ type: 'tool-result', id: 'lookup', name: 'lookup', content: 'found' }] },
      { role: 'tool', parts: [{ type: 'tool-result', id: 'lost_call', name: 'lost_call', content: 'orphan' }] },
    ])
  })
})

describe('decodeChatRequest: content parts', () => {
  test('text, data-URL image, remote image, PDF file (data URL and bare base64), PDF through image_url', () => {
    const pdf = Buffer.from('%PDF-1.4').toString('base64')
    const request = decode({}, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${pngBase64}`, detail: 'high' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${pdf}` } },
          { type: 'file', file: { filename: 'b.pdf', file_data: pdf } },
          { type: 'image_url', image_url: { url: `data:application/pdf;base64,${pdf}` } },
          { type: 'image_url', image_url: 'http://example.com/b.png' },
        ],
      },
    ])
    const parts = request.messages[0]?.parts ?? []
    expect(parts[0]).toEqual({ type: 'text', text: 'Compare' })
    expect(parts[1]).toEqual({ type: 'image', source: { kind: 'bytes', mimeType: 'image/png', data: new Uint8Array(Buffer.from(pngBase64, 'base64')) } })
    expect(parts[2]).toEqual({ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } })
    expect(parts[3]).toMatchObject({ type: 'file', filename: 'a.pdf', source: { kind: 'bytes', mimeType: 'application/pdf' } })
    expect(new TextDecoder().decode((parts[3] as { source: { data: Uint8Array } }).source.data)).toBe('%PDF-1.4')
    expect(parts[4]).toMatchObject({ type: 'file', filename: 'b.pdf', source: { kind: 'bytes', mimeType: 'application/pdf' } })
    expect(parts[5]).toMatchObject({ type: 'file', source: { mimeType: 'application/pdf' } })
    expect(parts[6]).toEqual({ type: 'image', source: { kind: 'url', url: 'http://example.com/b.png' } })
  })
})

describe('decodeChatRequest: parameters', () => {
  test('max_completion_tokens wins over max_tokens; stop, sampling, effort, format, user', () => {
    const request = decode({
      max_tokens: 10,
      max_completion_tokens: 20,
      stop: 'END',
      temperature: 0.3,
      top_p: 0.9,
      seed: 7,
      n: 1,
      reasoning_effort: 'xhigh',
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      user: 'user-42',
      presence_penalty: 0.5,
      logprobs: false,
      some_future_field: { x: 1 },
    })
    expect(request.generation).toEqual({
      maxOutputTokens: 20,
      stopSequences: ['END'],
      temperature: 0.3,
      topP: 0.9,
      seed: 7,
      thinking: { includeThoughts: true, effort: 'max' },
      responseFormat: { type: 'json', schema: { type: 'object' }, name: 'answer' },
    })
    expect(request.endUser).toBe('user-42')
    expect(ignoredFields()).toEqual(['presence_penalty', 'logprobs'])
    expect(decode({ max_tokens: 10, stop: ['a', 'b'], reasoning_effort: 'none', response_format: { type: 'json_object' } }).generation).toEqual({
      maxOutputTokens: 10,
      stopSequences: ['a', 'b'],
      thinking: { includeThoughts: false, effort: 'none' },
      responseFormat: { type: 'json' },
    })
  })

  test('stream and include_usage', () => {
    expect(decode({}).stream).toBe(false)
    const streamed = decode({ stream: true, stream_options: { include_usage: true } })
    expect(streamed.stream).toBe(true)
    expect(streamed.streamUsage).toBe(true)
    expect(decode({ stream: true }).streamUsage).toBeUndefined()
    expect(decode({ stream: true, stream_options: null }).streamUsage).toBeUndefined()
  })

  test('tools and tool choice (new and legacy forms)', () => {
    const tools = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true } },
      { type: 'custom', custom: { name: 'grammar' } },
      { type: 'web_search_preview' },
    ]
    const request = decode({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } })
    expect(request.tools).toEqual([{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }, { name: 'grammar' }])
    expect(request.toolChoice).toEqual({ mode: 'required', allowedNames: ['get_weather'] })
    expect(ignoredFields()).toEqual(['tools[2]'])
    expect(decode({ tools, tool_choice: 'none' }).toolChoice).toEqual({ mode: 'none' })
    expect(decode({ tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'a' } }] } } }).toolChoice).toEqual({ mode: 'required', allowedNames: ['a'] })
    const legacy = decode({ functions: [{ name: 'lookup', parameters: { type: 'object' } }], function_call: { name: 'lookup' } })
    expect(legacy.tools).toEqual([{ name: 'lookup', parameters: { type: 'object' } }])
    expect(legacy.toolChoice).toEqual({ mode: 'required', allowedNames: ['lookup'] })
  })
})

describe('decodeChatRequest: bad input is a 400 naming the field', () => {
  const cases: Array<[string, unknown, string, string?]> = [
    ['no body', undefined, ''],
    ['missing model', { messages: [{ role: 'user', content: 'x' }] }, 'model'],
    ['empty messages', { model: 'm', messages: [] }, 'messages'],
    ['content of wrong type', { model: 'm', messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    ['unknown role', { model: 'm', messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
    ['unknown part type', { model: 'm', messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] }, 'messages[0].content[0].type'],
    ['bad base64', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,@@@' } }] }] }, 'messages[0].content[0].image_url.url'],
    ['data URL without comma', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64' } }] }] }, 'messages[0].content[0].image_url.url'],
    ['ftp image URL', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://example.com/a.png' } }] }] }, 'messages[0].content[0].image_url.url'],
    ['image_url without url', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'messages[0].content[0].image_url.url'],
    ['audio input', { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] }, 'messages[0].content[0]', 'unsupported_feature'],
    ['file by id', { model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] }, 'messages[0].content[0].file.file_id', 'unsupported_feature'],
    ['image in a system message', { model: 'm', messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }, { role: 'user', content: 'x' }] }, 'messages[0].content[0].type'],
    ['tool message without id', { model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    ['tool call without name', { model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { arguments: '{}' } }] }] }, 'messages[0].tool_calls[0].function.name'],
    ['only system messages', { model: 'm', messages: [{ role: 'system', content: 'x' }] }, 'messages'],
    ['n > 1', { model: 'm', n: 2, messages: [{ role: 'user', content: 'x' }] }, 'n', 'unsupported_feature'],
    ['audio output', { model: 'm', modalities: ['text', 'audio'], messages: [{ role: 'user', content: 'x' }] }, 'modalities', 'unsupported_feature'],
    ['temperature out of range', { model: 'm', temperature: 3, messages: [{ role: 'user', content: 'x' }] }, 'temperature'],
    ['max_tokens as string', { model: 'm', max_tokens: '5', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
    ['stop of wrong type', { model: 'm', stop: 5, messages: [{ role: 'user', content: 'x' }] }, 'stop'],
    ['unknown reasoning effort', { model: 'm', reasoning_effort: 'extreme', messages: [{ role: 'user', content: 'x' }] }, 'reasoning_effort'],
    ['unknown response format', { model: 'm', response_format: { type: 'xml' }, messages: [{ role: 'user', content: 'x' }] }, 'response_format.type'],
    ['function tool without name', { model: 'm', tools: [{ type: 'function', function: {} }], messages: [{ role: 'user', content: 'x' }] }, 'tools[0].function.name'],
    ['unknown tool_choice', { model: 'm', tool_choice: 'sometimes', messages: [{ role: 'user', content: 'x' }] }, 'tool_choice'],
  ]
  for (const [name, body, param, kind = 'invalid_request'] of cases) {
    test(name, () => {
      const error = refusal(body)
      expect(error.status).toBe(400)
      expect(error.kind as string).toBe(kind)
      expect(error.param ?? '').toBe(param)
      expect(error.message.length).toBeGreaterThan(10)
    })
  }

  test('a union failure lists the expected shapes', () => {
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 5 }] }).message).toBe("Invalid value for 'messages[0].content': Expected string or an array")
  })
})
