import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import type { DecodeInput } from '../types.ts'
import { decodeGeminiRequest } from './decode-request.ts'

function input(body: unknown, overrides: Partial<DecodeInput> = {}): DecodeInput {
  return { operation: 'generate', body, pathModelId: 'gemini-2.5-flash', pathStream: false, query: new URLSearchParams(), headers: new Headers(), warnings: [], ...overrides }
}

function failure(run: () => unknown): ProxyError {
  try {
    run()
  } catch (error) {
    if (error instanceof ProxyError) return error
    throw error
  }
  throw new Error('expected a ProxyError')
}

describe('decodeGeminiRequest', () => {
  test('decodes roles, a missing role as user, and strips models/ from the path model', () => {
    const request = decodeGeminiRequest(input({
      contents: [
        { parts: [{ text: 'hi' }] },
        { role: 'model', parts: [{ text: 'hello' }, { text: 'hidden', thought: true }, { thoughtSignature: 'sig' }] },
        { role: 'user', parts: [{ text: 'again' }] },
      ],
    }, { pathModelId: 'models/gemini-2.5-pro' }))
    expect(request.model).toBe('gemini-2.5-pro')
    expect(request.task).toBe('chat')
    expect(request.stream).toBe(false)
    expect(request.streamMode).toBeUndefined()
    expect(request.messages).toEqual([
      { role: 'user', parts: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', parts: [{ type: 'text', text: 'hello' }] },
      { role: 'user', parts: [{ type: 'text', text: 'again' }] },
    ])
  })

  test('accepts a plain string contents and a string or Content systemInstruction (role ignored)', () => {
    const fromString = decodeGeminiRequest(input({ contents: 'hello', systemInstruction: 'be kind' }))
    expect(fromString.messages).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'hello' }] }])
    expect(fromString.systemInstruction).toBe('be kind')
    const fromContent = decodeGeminiRequest(input({ contents: { parts: [{ text: 'x' }] }, systemInstruction: { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] } }))
    expect(fromContent.systemInstruction).toBe('a\nb')
  })

  test('sets stream and streamMode from the path and ?alt', () => {
    expect(decodeGeminiRequest(input({ contents: 'x' }, { pathStream: true, query: new URLSearchParams('alt=sse') })).streamMode).toBe('sse')
    const array = decodeGeminiRequest(input({ contents: 'x' }, { pathStream: true }))
    expect(array.stream).toBe(true)
    expect(array.streamMode).toBe('json-array')
  })

  test('decodes inlineData to bytes, and refuses bad base64 naming the field', () => {
    const request = decodeGeminiRequest(input({ contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: 'AQID' } }, { inlineData: { mimeType: 'application/pdf', data: 'BAU=' } }] }] }))
    const [image, file] = request.messages[0]!.parts
    expect(image).toEqual({ type: 'image', source: { kind: 'bytes', data: new Uint8Array([1, 2, 3]), mimeType: 'image/png' } })
    expect(file).toEqual({ type: 'file', source: { kind: 'bytes', data: new Uint8Array([4, 5]), mimeType: 'application/pdf' } })
    const error = failure(() => decodeGeminiRequest(input({ contents: [{ parts: [{ text: 'a' }, { inlineData: { mimeType: 'image/png', data: 'not base64!' } }] }] })))
    expect(error.kind).toBe('invalid_request')
    expect(error.message).toContain('contents[0].parts[1].inlineData.data')
  })

  test('fileData: http(s) becomes a url source, other URIs are refused', () => {
    const request = decodeGeminiRequest(input({ contents: [{ parts: [{ fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/a.jpg' } }] }] }))
    expect(request.messages[0]!.parts[0]).toEqual({ type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg', mimeType: 'image/jpeg' } })
    const error = failure(() => decodeGeminiRequest(input({ contents: [{ parts: [{ fileData: { fileUri: 'gs://bucket/file' } }] }] })))
    expect(error.status).toBe(400)
    expect(error.message).toContain('contents[0].parts[0].fileData.fileUri')
  })

  test('function calls and responses pair up by id, or by name and order without one', () => {
    const request = decodeGeminiRequest(input({
      contents: [
        { role: 'user', parts: [{ text: 'weather?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { name: 'get_weather', content: 'sunny' } } }] },
      ],
    }))
    expect(request.messages[1]).toEqual({ role: 'assistant', parts: [{ type: 'tool-call', id: 'call_get_weather_0', name: 'get_weather', arguments: '{"city":"Paris"}' }] })
    expect(request.messages[2]).toEqual({ role: 'tool', parts: [{ type: 'tool-result', id: 'call_get_weather_0', name: 'get_weather', content: 'sunny' }] })
  })

  test('rejects a wrong type naming the field, and non-object bodies', () => {
    const wrong = failure(() => decodeGeminiRequest(input({ contents: 'x', generationConfig: { temperature: 'hot' } })))
    expect(wrong.message).toContain('generationConfig.temperature')
    expect(wrong.param).toBe('generationConfig.temperature')
    expect(failure(() => decodeGeminiRequest(input([1, 2]))).kind).toBe('invalid_request')
    expect(failure(() => decodeGeminiRequest(input(undefined))).message).toContain('body is missing')
    expect(failure(() => decodeGeminiRequest(input({ contents: [] }))).message).toContain('contents')
    expect(failure(() => decodeGeminiRequest(input({ contents: [{ role: 'system', parts: [{ text: 'x' }] }] }))).message).toContain('contents[0].role')
  })

  test('countTokens takes contents or generateContentRequest', () => {
    const direct = decodeGeminiRequest(input({ contents: 'count me' }, { operation: 'count-tokens' }))
    expect(direct.task).toBe('count-tokens')
    expect(direct.messages[0]!.parts[0]).toEqual({ type: 'text', text: 'count me' })
    const wrapped = decodeGeminiRequest(input({ generateContentRequest: { model: 'models/gemini-2.5-flash', contents: 'wrapped', systemInstruction: 'sys' } }, { operation: 'count-tokens' }))
    expect(wrapped.systemInstruction).toBe('sys')
    expect(wrapped.stream).toBe(false)
  })

  test('leaves editImage to the images decoder', () => {
    expect(failure(() => decodeGeminiRequest(input({}, { operation: 'edit-image' }))).kind).toBe('invalid_request')
  })

  test('records fields the internal request has no place for', () => {
    const wire = input({
      contents: 'x',
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
      tools: [{ googleSearch: {} }],
      generationConfig: { presencePenalty: 0.5 },
    })
    const request = decodeGeminiRequest(wire)
    expect(request.task).toBe('chat')
    expect(wire.warnings.map((warning) => (warning.type === 'ignored-field' ? warning.field : warning.type))).toEqual(['generationConfig.presencePenalty', 'tools.googleSearch', 'safetySettings', 'cachedContent'])
  })
})
