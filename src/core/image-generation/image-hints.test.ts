import { describe, expect, test } from 'bun:test'
import type { InternalRequest } from '../ir.ts'
import { appendImageHints, aspectRatioForSize } from './image-hints.ts'

function request(aspectRatio?: string): InternalRequest {
  return {
    task: 'image-generation',
    model: 'gemini-2.5-flash-image',
    messages: [{ role: 'user', parts: [{ type: 'text', text: 'a cat' }] }],
    generation: { image: { count: 1, ...(aspectRatio ? { aspectRatio } : {}) } },
    stream: false,
  }
}

describe('aspectRatioForSize', () => {
  test('maps OpenAI sizes to the closest common ratio', () => {
    expect(aspectRatioForSize('1024x1024')).toBe('1:1')
    expect(aspectRatioForSize('1536x1024')).toBe('3:2')
    expect(aspectRatioForSize('1024x1792')).toBe('9:16')
    expect(aspectRatioForSize('1792x1024')).toBe('16:9')
    expect(aspectRatioForSize('16:9')).toBe('16:9')
    expect(aspectRatioForSize('auto')).toBeNull()
    expect(aspectRatioForSize('2K')).toBeNull()
  })

  test('refuses a size it cannot read, naming the field', () => {
    expect(() => aspectRatioForSize('huge')).toThrow(expect.objectContaining({ kind: 'invalid_request', param: 'size' }))
    expect(() => aspectRatioForSize('0x100')).toThrow('Invalid size')
  })
})

describe('appendImageHints', () => {
  test('appends one sentence to the last user text and leaves the original untouched', () => {
    const original = request('3:2')
    const hinted = appendImageHints(original)
    expect(hinted.messages[0]!.parts[0]).toEqual({ type: 'text', text: 'a cat\n\nMake the image landscape with an aspect ratio of 3:2.' })
    expect(original.messages[0]!.parts[0]).toEqual({ type: 'text', text: 'a cat' })
  })

  test('no ratio, no change', () => {
    const plain = request()
    expect(appendImageHints(plain)).toBe(plain)
  })
})
