import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../../core/errors.ts'
import type { Warning } from '../../../core/ir.ts'
import { decodeResponsesBody } from './decode-request.ts'

function failureOf(body: unknown): ProxyError {
  try {
    decodeResponsesBody(body)
  } catch (error) {
    if (error instanceof ProxyError) return error
    throw error
  }
  throw new Error('expected a ProxyError')
}

const png = 'data:image/png;base64,iVBORw0KGgo='

describe('decodeResponsesBody', () => {
  test('a string input is one user message; defaults for a plain request', () => {
    const request = decodeResponsesBody({ model: 'gemini-2.5-flash', input: 'Hi' })
    expect(request).toEqual({
      task: 'chat',
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
      generation: {},
      stream: false,
      streamMode: 'sse',
      imageUrls: true,
      continuableById: true,
    })
  })

  test('instructions, system and developer messages join the system instruction in order', () => {
    const request = decodeResponsesBody({
      model: 'm',
      instructions: 'A',
      input: [
        { role: 'system', content: 'B' },
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'C' }] },
        { role: 'user', content: 'Hi' },
      ],
    })
    expect(request.systemInstruction).toBe('A\n\nB\n\nC')
    expect(request.messages).toHaveLength(1)
  })

  test('user parts: text, data-URL image, http image, file; assistant output_text', () => {
    const request = decodeResponsesBody({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What?' },
            { type: 'input_image', image_url: png, detail: 'auto' },
            { type: 'input_image', image_url: 'https://example.com/a.png' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERg==', filename: 'a.pdf' },
          ],
        },
        { role: 'assistant', content: [{ type: 'output_text', text: 'A picture.' }] },
      ],
    })
    const parts = request.messages[0]!.parts
    expect(parts[0]).toEqual({ type: 'text', text: 'What?' })
    expect(parts[1]).toMatchObject({ type: 'image', source: { kind: 'bytes', mimeType: 'image/png' } })
    expect(parts[2]).toEqual({ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } })
    expect(parts[3]).toMatchObject({ type: 'file', filename: 'a.pdf', source: { kind: 'bytes', mimeType: 'application/pdf' } })
    expect(request.messages[1]).toEqual({ role: 'assistant', parts: [{ type: 'text', text: 'A picture.' }] })
  })

  test('function calls join the assistant turn before them; outputs find the call name; reasoning items are dropped', () => {
    const request = decodeResponsesBody({
      model: 'm',
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { role: 'assistant', content: 'Checking.' },
        { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'c2', name: 'get_time', arguments: '' },
        { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'noon' }] },
      ],
    })
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool'])
    expect(request.messages[1]!.parts).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'c2', name: 'get_time', arguments: '{}' },
    ])
    expect(request.messages[3]!.parts[0]).toEqual({ type: 'tool-result', id: 'c2', name: 'get_time', content: 'noon' })
  })

  test('options: tokens, sampling, stream, text.format, tools, tool choice, user, ignored fields', () => {
    const warnings: Warning[] = []
    const request = decodeResponsesBody({
      model: 'm',
      input: 'Hi',
      stream: true,
      max_output_tokens: 50,
      temperature: 0.5,
      top_p: 0.9,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'function', name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true }, { type: 'web_search_preview' }],
      tool_choice: { type: 'function', name: 'f' },
      store: true,
      include: ['reasoning.encrypted_content'],
      metadata: { a: 'b' },
      user: 'u1',
    }, warnings)
    expect(request.stream).toBe(true)
    expect(request.generation).toEqual({ maxOutputTokens: 50, temperature: 0.5, topP: 0.9, responseFormat: { type: 'json', schema: { type: 'object' }, name: 'answer' } })
    expect(request.tools).toEqual([{ name: 'f', description: 'does f', parameters: { type: 'object' } }])
    expect(request.toolChoice).toEqual({ mode: 'required', allowedNames: ['f'] })
    expect(request.endUser).toBe('u1')
    expect(warnings.map((warning) => (warning.type === 'ignored-field' ? warning.field : warning.type))).toEqual(['include', 'metadata', 'store', 'tools[1]'])
  })

  test('reasoning: effort maps to thinking; thoughts are shown only with a summary', () => {
    expect(decodeResponsesBody({ model: 'm', input: 'Hi', reasoning: { effort: 'high' } }).generation.thinking).toEqual({ includeThoughts: false, effort: 'high' })
    expect(decodeResponsesBody({ model: 'm', input: 'Hi', reasoning: { effort: 'low', summary: 'auto' } }).generation.thinking).toEqual({ includeThoughts: true, effort: 'low' })
    expect(decodeResponsesBody({ model: 'm', input: 'Hi', reasoning: { summary: 'detailed' } }).generation.thinking).toEqual({ includeThoughts: true })
    expect(decodeResponsesBody({ model: 'm', input: 'Hi', reasoning: { effort: null, summary: null } }).generation.thinking).toBeUndefined()
    expect(failureOf({ model: 'm', input: 'Hi', reasoning: { effort: 'huge' } }).param).toBe('reasoning.effort')
  })

  test('item references and background are refused with advice; previous_response_id names the request it continues', () => {
    const reference = failureOf({ model: 'm', input: [{ role: 'user', content: 'Hi' }, { type: 'item_reference', id: 'msg_1' }] })
    expect(reference.kind).toBe('unsupported_feature')
    expect(reference.param).toBe('input[1]')
    expect(reference.message).toContain('store: false')
    expect(decodeResponsesBody({ model: 'm', input: 'Hi', previous_response_id: 'resp_req_1' }).previousRequestId).toBe('req_1')
    expect(failureOf({ model: 'm', input: 'Hi', previous_response_id: 'chatcmpl-1' }).param).toBe('previous_response_id')
    expect(failureOf({ model: 'm', input: 'Hi', background: true }).param).toBe('background')
  })

  test('bad input names the field', () => {
    expect(failureOf('nope').kind).toBe('invalid_request')
    expect(failureOf({ input: 'Hi' }).param).toBe('model')
    expect(failureOf({ model: 'm' }).param).toBe('input')
    expect(failureOf({ model: 'm', input: 'Hi', temperature: 3 }).param).toBe('temperature')
    expect(failureOf({ model: 'm', input: [{ role: 'robot', content: 'x' }] }).param).toBe('input[0].role')
    expect(failureOf({ model: 'm', input: [{ type: 'computer_call_output' }] }).param).toBe('input[0].type')
    expect(failureOf({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image' }] }] }).param).toBe('input[0].content[0].image_url')
    expect(failureOf({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'ftp://x/y' }] }] }).param).toBe('input[0].content[0].image_url')
    expect(failureOf({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,%%%' }] }] }).param).toBe('input[0].content[0].image_url')
    expect(failureOf({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] }).kind).toBe('unsupported_feature')
    expect(failureOf({ model: 'm', input: [{ role: 'system', content: [{ type: 'input_image', image_url: png }] }] }).param).toBe('input[0].content[0].type')
    expect(failureOf({ model: 'm', input: [{ role: 'system', content: 'only a system message' }] }).param).toBe('input')
    expect(failureOf({ model: 'm', input: 'Hi', text: { format: { type: 'yaml' } } }).param).toBe('text.format.type')
    expect(failureOf({ model: 'm', input: 'Hi', tool_choice: 'sometimes' }).param).toBe('tool_choice')
    expect(failureOf({ model: 'm', input: 'Hi', tool_choice: { type: 'file_search' } }).kind).toBe('unsupported_feature')
    expect(failureOf({ model: 'm', input: 'Hi', tools: [{ type: 'function' }] }).param).toBe('tools[0].name')
  })
})
