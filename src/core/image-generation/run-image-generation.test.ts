import { describe, expect, test } from 'bun:test'
import type { InternalRequest, StreamPart } from '../ir.ts'
import { encodeTestPng } from '../../../test/images/test-images.ts'
import { streamWithImageOptions } from './run-image-generation.ts'

function request(task: InternalRequest['task'], count: number, aspectRatio?: string): InternalRequest {
  return {
    task,
    model: 'gemini-2.5-flash-image',
    messages: [{ role: 'user', parts: [{ type: 'text', text: 'a cat' }] }],
    generation: { image: { count, ...(aspectRatio ? { aspectRatio } : {}) } },
    stream: false,
  }
}

async function run(input: InternalRequest) {
  const seen: InternalRequest[] = []
  const parts: StreamPart[] = []
  const runOnce = async function* (prepared: InternalRequest): AsyncGenerator<StreamPart> {
    seen.push(prepared)
    yield { type: 'image', image: { mimeType: 'image/png', data: encodeTestPng(2, 2), width: 2, height: 2 } }
  }
  for await (const part of streamWithImageOptions(input, runOnce)) parts.push(part)
  return { seen, images: parts.filter((part) => part.type === 'image').length }
}

describe('streamWithImageOptions', () => {
  test('image tasks: n backend calls, each with the aspect-ratio hint in the prompt', async () => {
    const { seen, images } = await run(request('image-generation', 3, '9:16'))
    expect(images).toBe(3)
    expect(seen).toHaveLength(3)
    expect(seen[0]!.messages[0]!.parts[0]).toEqual({ type: 'text', text: 'a cat\n\nMake the image portrait with an aspect ratio of 9:16.' })
  })

  test('one image, and every chat request, is the backend stream itself, with no wrapper', () => {
    const backendStream = (async function* (): AsyncGenerator<StreamPart> {})()
    expect(streamWithImageOptions(request('image-generation', 1), () => backendStream)).toBe(backendStream)
    expect(streamWithImageOptions(request('chat', 3), () => backendStream)).toBe(backendStream)
  })

  test('chat requests are never repeated', async () => {
    const { seen } = await run(request('chat', 3))
    expect(seen).toHaveLength(1)
  })
})
