import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../../core/errors.ts'
import type { ImagePart, InternalRequest } from '../../../core/ir.ts'
import { readRequestBody } from '../../../pipeline/read-body.ts'
import { encodeTestJpeg, encodeTestPng, toBase64, toDataUrl } from '../../../../test/images/test-images.ts'
import type { DecodeInput, Operation } from '../../types.ts'
import { encodeOpenAIError } from '../encode-error.ts'
import { decodeOpenAIImageRequest, maskInstruction, readOpenAIImageModelId } from './decode-request.ts'

const limits = { maxUploadBytes: 64 * 1024, maxImagesPerRequest: 4 }

function input(operation: Operation, body: unknown): DecodeInput {
  return { operation, body, pathModelId: undefined, pathStream: false, query: new URLSearchParams(), headers: new Headers(), warnings: [] }
}

function pngFile(name = 'cat.png', width = 4, height = 3): File {
  return new File([encodeTestPng(width, height)], name, { type: 'image/png' })
}

function imagesOf(request: InternalRequest): ImagePart[] {
  return request.messages[0]!.parts.filter((part): part is ImagePart => part.type === 'image')
}

function textOf(request: InternalRequest): string {
  return request.messages[0]!.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('')
}

async function refusal(operation: Operation, body: unknown): Promise<{ error: ProxyError; status: number; wire: { error: { message: string; type: string; param: string | null; code: string | null } } }> {
  try {
    await decodeOpenAIImageRequest(input(operation, body), limits)
  } catch (thrown) {
    if (!(thrown instanceof ProxyError)) throw thrown
    const rendered = encodeOpenAIError(thrown)
    return { error: thrown, status: rendered.status, wire: rendered.body as never }
  }
  throw new Error('expected the request to be refused')
}

describe('decodeOpenAIImageRequest: generations (JSON)', () => {
  test('decodes prompt, model, n, size, quality, response_format and user', async () => {
    const wire = input('generate-image', { model: 'gemini-3-pro-image-preview', prompt: 'a cat', n: 2, size: '1536x1024', quality: 'hd', response_format: 'b64_json', user: 'u-1' })
    const request = await decodeOpenAIImageRequest(wire, limits)
    expect(wire.warnings).toEqual([{ type: 'ignored-field', field: 'quality' }])
    expect(request).toMatchObject({
      task: 'image-generation',
      model: 'gemini-3-pro-image-preview',
      stream: false,
      endUser: 'u-1',
      generation: { image: { count: 2, size: '1536x1024', aspectRatio: '3:2', quality: 'hd', responseFormat: 'b64_json' } },
    })
    expect(textOf(request)).toBe('a cat')
  })

  test('defaults: the flash image model, one image, url delivery', async () => {
    const request = await decodeOpenAIImageRequest(input('generate-image', { prompt: 'a cat' }), limits)
    expect(request.model).toBe('gemini-2.5-flash-image')
    expect(request.generation.image).toEqual({ count: 1 })
    expect(readOpenAIImageModelId(input('generate-image', { prompt: 'x' }))).toBe('gemini-2.5-flash-image')
  })

  test('clear 400s in OpenAI format for a missing prompt, n over the limit, bad enums, streaming', async () => {
    const missing = await refusal('generate-image', { model: 'gemini-2.5-flash-image' })
    expect(missing.status).toBe(400)
    expect(missing.wire.error).toMatchObject({ type: 'invalid_request_error', param: 'prompt' })
    expect(missing.wire.error.message).toContain('"prompt" is required')
    expect((await refusal('generate-image', { prompt: 'x', n: 5 })).wire.error.message).toContain('at most 4 images')
    expect((await refusal('generate-image', { prompt: 'x', n: 0 })).wire.error.param).toBe('n')
    expect((await refusal('generate-image', { prompt: 'x', response_format: 'jpeg' })).wire.error.param).toBe('response_format')
    expect((await refusal('generate-image', { prompt: 'x', output_format: 'bmp' })).wire.error.param).toBe('output_format')
    expect((await refusal('generate-image', { prompt: 'x', size: 'big' })).wire.error.param).toBe('size')
    expect((await refusal('generate-image', { prompt: 'x', stream: true })).wire.error.code).toBe('unsupported_feature')
    expect((await refusal('generate-image', undefined)).status).toBe(400)
    expect((await refusal('generate-image', [1, 2])).status).toBe(400)
  })
})

describe('decodeOpenAIImageRequest: edits (multipart)', () => {
  test('accepts a single `image` file (as @ai-sdk/openai sends one) with numbers as strings', async () => {
    const form = new FormData()
    form.set('prompt', 'make it blue')
    form.set('model', 'gemini-3-pro-image-preview-2k')
    form.set('n', '2')
    form.set('image', pngFile())
    const request = await decodeOpenAIImageRequest(input('edit-image', form), limits)
    expect(request).toMatchObject({ task: 'image-edit', model: 'gemini-3-pro-image-preview-2k', generation: { image: { count: 2 } } })
    expect(imagesOf(request)).toHaveLength(1)
    expect(imagesOf(request)[0]!).toMatchObject({ filename: 'cat.png', source: { kind: 'bytes', mimeType: 'image/png' } })
    expect(textOf(request)).toBe('make it blue')
  })

  test('accepts repeated `image[]` (the openai SDK) and `image[0]`, `image[1]`, in index order', async () => {
    const brackets = new FormData()
    brackets.set('prompt', 'merge')
    brackets.append('image[]', pngFile('a.png'))
    brackets.append('image[]', new File([encodeTestJpeg(8, 8)], 'b.jpg', { type: 'image/jpeg' }))
    const first = await decodeOpenAIImageRequest(input('edit-image', brackets), limits)
    expect(imagesOf(first).map((part) => part.filename)).toEqual(['a.png', 'b.jpg'])
    expect(imagesOf(first).map((part) => part.source.kind === 'bytes' && part.source.mimeType)).toEqual(['image/png', 'image/jpeg'])

    const indexed = new FormData()
    indexed.set('prompt', 'merge')
    indexed.append('image[1]', pngFile('second.png'))
    indexed.append('image[0]', pngFile('first.png'))
    const second = await decodeOpenAIImageRequest(input('edit-image', indexed), limits)
    expect(imagesOf(second).map((part) => part.filename)).toEqual(['first.png', 'second.png'])
  })

  test('the mask goes up as the last image, with an instruction in the prompt', async () => {
    const form = new FormData()
    form.set('prompt', 'add a hat')
    form.set('image', pngFile('photo.png'))
    form.set('mask', pngFile('mask.png'))
    const request = await decodeOpenAIImageRequest(input('edit-image', form), limits)
    expect(imagesOf(request).map((part) => part.filename)).toEqual(['photo.png', 'mask.png'])
    expect(textOf(request)).toBe(`add a hat\n\n${maskInstruction}`)
  })

  test('the true type comes from the bytes, not the declared content type', async () => {
    const form = new FormData()
    form.set('prompt', 'x')
    form.set('image', new File([encodeTestJpeg(8, 8)], 'liar.png', { type: 'image/png' }))
    const request = await decodeOpenAIImageRequest(input('edit-image', form), limits)
    expect(imagesOf(request)[0]!.source).toMatchObject({ mimeType: 'image/jpeg' })
  })

  test('bad uploads get a clear 400 in OpenAI format: not an image, too big, none at all', async () => {
    const notImage = new FormData()
    notImage.set('prompt', 'x')
    notImage.set('image', new File(['%PDF-1.7 hello'], 'doc.png', { type: 'image/png' }))
    const typed = await refusal('edit-image', notImage)
    expect(typed.status).toBe(400)
    expect(typed.wire.error).toMatchObject({ type: 'invalid_request_error', param: 'image' })
    expect(typed.wire.error.message).toContain('not a PNG, JPEG, GIF or WebP image')

    const big = new FormData()
    big.set('prompt', 'x')
    big.set('image[]', new File([encodeTestPng(4, 4), new Uint8Array(limits.maxUploadBytes)], 'big.png'))
    const tooBig = await refusal('edit-image', big)
    expect(tooBig.status).toBe(400)
    expect(tooBig.wire.error).toMatchObject({ param: 'image[]', code: 'payload_too_large' })

    const none = new FormData()
    none.set('prompt', 'x')
    expect((await refusal('edit-image', none)).wire.error).toMatchObject({ param: 'image' })
    const badMask = new FormData()
    badMask.set('prompt', 'x')
    badMask.set('image', pngFile())
    badMask.set('mask', new File(['nope'], 'mask.png'))
    expect((await refusal('edit-image', badMask)).wire.error.param).toBe('mask')
  })

  test('a broken multipart body is a 400 in OpenAI format before decoding', async () => {
    const request = new Request('http://localhost/v1/images/edits', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nhalf a part',
    })
    try {
      await readRequestBody(request, { maxBytes: 1024 * 1024, timeoutSeconds: 5, accepts: ['json', 'multipart'] })
      throw new Error('expected a refusal')
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(ProxyError)
      const rendered = encodeOpenAIError(thrown as ProxyError)
      expect(rendered.status).toBe(400)
      expect((rendered.body as { error: { type: string; message: string } }).error).toMatchObject({ type: 'invalid_request_error' })
    }
  })
})

describe('decodeOpenAIImageRequest: edits (JSON)', () => {
  test('accepts base64, data: URLs, images[] objects and image_url, in order', async () => {
    const png = encodeTestPng(3, 3)
    const request = await decodeOpenAIImageRequest(
      input('edit-image', {
        prompt: 'x',
        image: toBase64(png),
        images: [{ image_url: toDataUrl(encodeTestJpeg(8, 8), 'image/jpeg') }, toDataUrl(png, 'image/png')],
        image_url: { url: 'https://example.com/cat.png' },
        mask: { image_url: toDataUrl(png, 'image/png') },
      }),
      limits,
    )
    expect(imagesOf(request).map((part) => (part.source.kind === 'bytes' ? part.source.mimeType : part.source.url))).toEqual([
      'image/png',
      'image/jpeg',
      'image/png',
      'https://example.com/cat.png',
      'image/png',
    ])
  })

  test('refuses bad base64, non-base64 data URLs, file ids and odd schemes with the field named', async () => {
    expect((await refusal('edit-image', { prompt: 'x', image: 'not base64 !!' })).wire.error.param).toBe('image')
    expect((await refusal('edit-image', { prompt: 'x', images: ['data:image/png,rawtext'] })).wire.error.param).toBe('images[0]')
    expect((await refusal('edit-image', { prompt: 'x', images: [{ file_id: 'file-1' }] })).wire.error.code).toBe('unsupported_feature')
    expect((await refusal('edit-image', { prompt: 'x', image: 'file:///etc/passwd' })).wire.error.message).toContain('Unsupported image URL scheme')
    expect((await refusal('edit-image', { prompt: 'x', image: toBase64(new Uint8Array(limits.maxUploadBytes + 10).fill(1)) })).wire.error.code).toBe('payload_too_large')
  })
})
