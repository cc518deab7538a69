import { describe, expect, test } from 'bun:test'
import type { GeneratedImage, InternalRequest, InternalResponse } from '../../../core/ir.ts'
import { builtinModels } from '../../../models/model-table.ts'
import { encodeTestJpeg, encodeTestPng } from '../../../../test/images/test-images.ts'
import type { EncodeMeta } from '../../types.ts'
import { encodeOpenAIError } from '../encode-error.ts'
import { encodeOpenAIImageResponse } from './encode-response.ts'

const png: GeneratedImage = { mimeType: 'image/png', data: encodeTestPng(6, 4), width: 6, height: 4, url: 'https://img.example.com/images/abc.png' }

function meta(responseFormat?: 'url' | 'b64_json'): EncodeMeta {
  const request: InternalRequest = {
    task: 'image-generation',
    model: 'gemini-2.5-flash-image',
    messages: [],
    generation: { image: { count: 1, size: '4096x4096', ...(responseFormat ? { responseFormat } : {}) } },
    stream: false,
  }
  return { requestId: 'r', operation: 'generate-image', model: builtinModels[3]!, requestedModelId: 'gemini-2.5-flash-image', created: 1_700_000_000, request, accept: null, query: new URLSearchParams(), usage: () => ({ inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }) }
}

function response(images: GeneratedImage[], text = ''): InternalResponse {
  return { text, thoughts: '', images, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 7, thoughtTokens: 0, totalTokens: 10 }, metadata: {}, warnings: [] }
}

describe('encodeOpenAIImageResponse', () => {
  test('url by default, with the delivered size (not the requested one) and the true format', () => {
    const { body } = encodeOpenAIImageResponse(response([png], 'Here is your cat.'), meta())
    expect(body).toEqual({
      created: 1_700_000_000,
      data: [{ url: png.url, revised_prompt: 'Here is your cat.' }],
      size: '6x4',
      output_format: 'png',
      usage: { input_tokens: 3, output_tokens: 7, total_tokens: 10 },
    })
  })

  test('b64_json is the base64 string of the exact bytes', () => {
    const { body } = encodeOpenAIImageResponse(response([png]), meta('b64_json')) as { body: { data: Array<{ b64_json: unknown; url?: string }> } }
    expect(typeof body.data[0]!.b64_json).toBe('string')
    expect(new Uint8Array(Buffer.from(body.data[0]!.b64_json as string, 'base64'))).toEqual(new Uint8Array(png.data))
    expect(body.data[0]!.url).toBeUndefined()
  })

  test('falls back to b64_json when no URL was stored, and omits size when images differ', () => {
    const jpeg: GeneratedImage = { mimeType: 'image/jpeg', data: encodeTestJpeg(8, 8), width: 8, height: 8 }
    const { body } = encodeOpenAIImageResponse(response([png, jpeg]), meta('url')) as { body: Record<string, unknown> & { data: Array<Record<string, unknown>> } }
    expect(body.data[0]).toEqual({ url: png.url })
    expect(typeof body.data[1]!.b64_json).toBe('string')
    expect(body.size).toBeUndefined()
    expect(body.output_format).toBeUndefined()
  })

  test('edits without response_format answer both url and b64_json (@ai-sdk/openai sends none and needs b64_json)', () => {
    const editMeta = { ...meta(), operation: 'edit-image' as const }
    const { body } = encodeOpenAIImageResponse(response([png]), editMeta) as { body: { data: Array<Record<string, unknown>> } }
    expect(body.data[0]!.url).toBe(png.url)
    expect(body.data[0]!.b64_json).toBe(Buffer.from(png.data).toString('base64'))
    const explicit = encodeOpenAIImageResponse(response([png]), { ...editMeta, request: meta('url').request }) as { body: { data: Array<Record<string, unknown>> } }
    expect(explicit.body.data[0]).toEqual({ url: png.url })
  })

  test('no image is a clear, non-retryable error quoting what the model said', () => {
    let caught: unknown
    try {
      encodeOpenAIImageResponse(response([], 'I cannot make images of that.'), meta())
    } catch (error) {
      caught = error
    }
    const rendered = encodeOpenAIError(caught as never)
    expect(rendered.status).toBe(502)
    expect(rendered.headers?.['x-should-retry']).toBe('false')
    expect((rendered.body as { error: { message: string } }).error.message).toContain('I cannot make images of that.')
  })
})
