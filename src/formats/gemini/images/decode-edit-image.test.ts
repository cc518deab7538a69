import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../../core/errors.ts'
import type { ImagePart } from '../../../core/ir.ts'
import { encodeTestJpeg, encodeTestPng, toBase64 } from '../../../../test/images/test-images.ts'
import type { DecodeInput } from '../../types.ts'
import { encodeGeminiError } from '../encode-error.ts'
import { decodeGeminiEditImageRequest } from './decode-edit-image.ts'

const limits = { maxUploadBytes: 64 * 1024, maxImagesPerRequest: 4 }

function input(body: unknown, pathModelId = 'gemini-3-pro-image-preview'): DecodeInput {
  return { operation: 'edit-image', body, pathModelId, pathStream: false, query: new URLSearchParams(), headers: new Headers(), warnings: [] }
}

async function refusal(body: unknown): Promise<{ code: number; message: string; status: string }> {
  try {
    await decodeGeminiEditImageRequest(input(body), limits)
  } catch (thrown) {
    if (!(thrown instanceof ProxyError)) throw thrown
    return (encodeGeminiError(thrown).body as { error: { code: number; message: string; status: string } }).error
  }
  throw new Error('expected the request to be refused')
}

describe('decodeGeminiEditImageRequest', () => {
  test('reads the image as inlineData and the instruction as text, with the model from the path', async () => {
    const png = encodeTestPng(5, 5)
    const request = await decodeGeminiEditImageRequest(
      input({
        contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: toBase64(png) } }, { text: 'make the sky purple' }] }],
        generationConfig: { imageConfig: { aspectRatio: '16:9' } },
        systemInstruction: { parts: [{ text: 'be subtle' }] },
      }),
      limits,
    )
    expect(request).toMatchObject({
      task: 'image-edit',
      model: 'gemini-3-pro-image-preview',
      stream: false,
      systemInstruction: 'be subtle',
      generation: { image: { count: 1, aspectRatio: '16:9' } },
    })
    const parts = request.messages[0]!.parts
    expect(parts[0]).toMatchObject({ type: 'image', source: { kind: 'bytes', mimeType: 'image/png' } })
    expect((parts[0] as ImagePart).source).toMatchObject({ data: png })
    expect(parts[1]).toEqual({ type: 'text', text: 'make the sky purple' })
  })

  test('accepts snake_case, a single contents object, fileData URLs, and takes the type from the bytes', async () => {
    const request = await decodeGeminiEditImageRequest(
      input({
        contents: {
          parts: [
            { text: 'combine' },
            { inline_data: { mime_type: 'image/png', data: toBase64(encodeTestJpeg(8, 8)) } },
            { file_data: { file_uri: 'https://example.com/b.png', mime_type: 'image/png' } },
            { thoughtSignature: 'abc' },
          ],
        },
      }),
      limits,
    )
    expect(request.messages[0]!.parts.map((part) => (part.type === 'image' ? (part.source.kind === 'bytes' ? part.source.mimeType : part.source.url) : part.type))).toEqual([
      'text',
      'image/jpeg',
      'https://example.com/b.png',
    ])
  })

  test('clear 400s in Google format for missing image, missing instruction, bad data and bad shapes', async () => {
    const noImage = await refusal({ contents: [{ parts: [{ text: 'edit what?' }] }] })
    expect(noImage).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
    expect(noImage.message).toContain('inlineData')
    const png = toBase64(encodeTestPng(2, 2))
    expect((await refusal({ contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: png } }] }] })).message).toContain('instruction')
    expect((await refusal({ contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: toBase64(new TextEncoder().encode('GIF? no')) } }, { text: 'x' }] }] })).message).toContain('not a PNG')
    expect((await refusal({ contents: [{ parts: [{ inlineData: { mimeType: 'image/png' } }, { text: 'x' }] }] })).message).toContain('base64')
    expect((await refusal({ contents: [{ parts: [{ fileData: { fileUri: 'files/abc' } }, { text: 'x' }] }] })).message).toContain('http(s) URL')
    expect((await refusal({ contents: [{ parts: [{ inlineData: { data: png } }, { text: 'x' }] }], generationConfig: { imageConfig: { aspectRatio: 'wide' } } })).message).toContain('aspectRatio')
    expect((await refusal({})).message).toContain('"contents" is required')
    expect((await refusal('text')).code).toBe(400)
    const big = toBase64(new Uint8Array(limits.maxUploadBytes + 100))
    expect((await refusal({ contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: big } }, { text: 'x' }] }] })).message).toContain('limit')
  })
})
