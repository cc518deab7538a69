import { describe, expect, test } from 'bun:test'
import type { InternalRequest, InternalResponse } from '../../core/ir.ts'
import { builtinModels } from '../../models/model-table.ts'
import type { EncodeMeta } from '../types.ts'
import { encodeGeminiResponse, encodeGeminiTokenCount, mapFinishReason } from './encode-response.ts'

function buildMeta(request: Partial<InternalRequest> = {}, query = ''): EncodeMeta {
  const internal: InternalRequest = { task: 'chat', model: 'gemini-2.5-flash', messages: [{ role: 'user', parts: [{ type: 'text', text: 'abcd' }] }], generation: {}, stream: false, ...request }
  return { requestId: 'req_1', operation: 'generate', model: builtinModels[0]!, requestedModelId: internal.model, created: 0, request: internal, accept: null, query: new URLSearchParams(query), usage: () => ({ inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }) }
}

function response(overrides: Partial<InternalResponse> = {}): InternalResponse {
  return { text: 'hi', thoughts: '', images: [], toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, thoughtTokens: 0, totalTokens: 2 }, metadata: { responseId: 'upstream' }, warnings: [], ...overrides }
}

describe('encodeGeminiResponse', () => {
  test('one candidate with role model, index 0, usage, modelVersion and the request id as responseId', () => {
    expect(encodeGeminiResponse(response(), buildMeta()).body).toEqual({
      candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'req_1',
    })
  })

  test('thoughts appear only when includeThoughts was asked for; thoughtsTokenCount when above zero', () => {
    const thinking = response({ thoughts: 'hmm', usage: { inputTokens: 1, outputTokens: 1, thoughtTokens: 1, totalTokens: 3 } })
    const shown = encodeGeminiResponse(thinking, buildMeta({ generation: { thinking: { includeThoughts: true } } })).body as { candidates: Array<{ content: { parts: unknown[] } }>; usageMetadata: Record<string, number> }
    expect(shown.candidates[0]!.content.parts).toEqual([{ text: 'hmm', thought: true }, { text: 'hi' }])
    expect(shown.usageMetadata.thoughtsTokenCount).toBe(1)
    const hidden = encodeGeminiResponse(thinking, buildMeta()).body as { candidates: Array<{ content: { parts: unknown[] } }> }
    expect(hidden.candidates[0]!.content.parts).toEqual([{ text: 'hi' }])
  })

  test('images become inlineData with both fields, tool calls become functionCall objects', () => {
    const body = encodeGeminiResponse(response({
      text: '',
      images: [{ mimeType: 'image/png', data: new Uint8Array([1, 2, 3]), width: 1, height: 1 }],
      toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a":1}' }, { id: 'c2', name: 'g', arguments: 'not json' }],
      finishReason: 'tool-calls',
    }), buildMeta()).body as { candidates: Array<{ content: { parts: unknown[] }; finishReason: string }> }
    expect(body.candidates[0]!.content.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'AQID' } },
      { functionCall: { id: 'c1', name: 'f', args: { a: 1 } } },
      { functionCall: { id: 'c2', name: 'g', args: { arguments: 'not json' } } },
    ])
    expect(body.candidates[0]!.finishReason).toBe('STOP')
  })

  test('a content filter with nothing returned is a blocked prompt with one SAFETY candidate', () => {
    const body = encodeGeminiResponse(response({ text: '', finishReason: 'content-filter' }), buildMeta()).body as Record<string, unknown>
    expect(body.promptFeedback).toEqual({ blockReason: 'OTHER' })
    expect(body.candidates).toEqual([{ content: { role: 'model', parts: [] }, finishReason: 'SAFETY', index: 0 }])
    const partial = encodeGeminiResponse(response({ finishReason: 'content-filter' }), buildMeta()).body as Record<string, unknown>
    expect(partial.promptFeedback).toBeUndefined()
  })

  test('an empty answer still has one empty text part; modelVersion drops models/', () => {
    const body = encodeGeminiResponse(response({ text: '' }), buildMeta({ model: 'models/gemini-2.5-flash' })).body as { candidates: Array<{ content: { parts: unknown[] } }>; modelVersion: string }
    expect(body.candidates[0]!.content.parts).toEqual([{ text: '' }])
    expect(body.modelVersion).toBe('gemini-2.5-flash')
  })

  test('finish reasons and token counts', () => {
    expect(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'other'].map((reason) => mapFinishReason(reason as never))).toEqual(['STOP', 'MAX_TOKENS', 'SAFETY', 'STOP', 'OTHER', 'OTHER'])
    expect(encodeGeminiTokenCount({ totalTokens: 12 })).toEqual({ totalTokens: 12 })
  })
})
