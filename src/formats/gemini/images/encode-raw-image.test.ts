import { describe, expect, test } from 'bun:test'
import type { GeneratedImage, InternalResponse } from '../../../core/ir.ts'
import { encodeTestJpeg, encodeTestPng } from '../../../../test/images/test-images.ts'
import { encodeRawImage, wantsRawImage } from './encode-raw-image.ts'

const png: GeneratedImage = { mimeType: 'image/png', data: encodeTestPng(6, 4), width: 6, height: 4 }

function response(images: GeneratedImage[], text = ''): InternalResponse {
  return { text, thoughts: '', images, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }, metadata: {}, warnings: [] }
}

function meta(accept: string | null, query = ''): { accept: string | null; query: URLSearchParams } {
  return { accept, query: new URLSearchParams(query) }
}

describe('wantsRawImage', () => {
  test('image types in Accept or ?alt=media ask for bytes; JSON, */* and nothing do not', () => {
    expect(wantsRawImage(meta('image/png'))).toBe(true)
    expect(wantsRawImage(meta('image/jpeg'))).toBe(true)
    expect(wantsRawImage(meta('image/*'))).toBe(true)
    expect(wantsRawImage(meta('image/webp, application/json;q=0.5'))).toBe(true)
    expect(wantsRawImage(meta(null, 'alt=media'))).toBe(true)
    expect(wantsRawImage(meta('application/json', 'alt=media'))).toBe(true)
    expect(wantsRawImage(meta('*/*'))).toBe(false)
    expect(wantsRawImage(meta('application/json'))).toBe(false)
    expect(wantsRawImage(meta('application/json, image/png'))).toBe(false)
    expect(wantsRawImage(meta('image/png;q=0'))).toBe(false)
    expect(wantsRawImage(meta(null, 'alt=sse'))).toBe(false)
    expect(wantsRawImage(meta(null))).toBe(false)
  })
})

describe('encodeRawImage', () => {
  test('null when the caller wants JSON', () => {
    expect(encodeRawImage(response([png]), meta('application/json'))).toBeNull()
  })

  test('the first image as the body with its true type and real size', () => {
    const jpeg: GeneratedImage = { mimeType: 'image/jpeg', data: encodeTestJpeg(8, 16), width: 8, height: 16 }
    const encoded = encodeRawImage(response([jpeg, png], 'here'), meta('image/png'))
    expect(encoded?.status).toBe(200)
    expect(encoded?.body).toBe(jpeg.data)
    expect(encoded?.headers).toMatchObject({ 'content-type': 'image/jpeg', 'x-image-width': '8', 'x-image-height': '16', 'x-image-count': '2' })
    expect(encoded?.headers?.['content-disposition']).toContain('gemini-image.jpg')
  })

  test('no image: a clear error in Google\'s envelope, not an empty file', () => {
    const encoded = encodeRawImage(response([], 'I cannot draw that.'), meta('image/png'))
    expect(encoded?.status).toBe(502)
    const body = encoded?.body as { error: { code: number; status: string; message: string } }
    expect(body.error).toMatchObject({ code: 502, status: 'INTERNAL' })
    expect(body.error.message).toContain('I cannot draw that.')
  })
})
