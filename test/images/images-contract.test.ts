/**
 * End-to-end contract of the images feature with the official clients: the openai SDK
 * (images.generate / images.edit), @ai-sdk/openai generateImage, @google/genai with an image
 * model, and the guide's curl download forms. The app is built the production way (builtin
 * formats, the image store and its route) around a fake backend that yields real PNG bytes, so
 * these pass only once the image operations are wired into the formats and the core.
 */

import { afterAll, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createOpenAI } from '@ai-sdk/openai'
import { GoogleGenAI } from '@google/genai'
import { generateImage } from 'ai'
import OpenAI, { toFile } from 'openai'
import { buildConfig } from '../../src/config/load-config.ts'
import type { ImagePart, InternalRequest, StreamPart } from '../../src/core/ir.ts'
import { createImageDelivery } from '../../src/edge/images/image-delivery.ts'
import { readImageInfo } from '../../src/lib/image-info.ts'
import { createFakeBackend } from '../helpers/fake-backend.ts'
import { createTestApp } from '../helpers/create-test-app.ts'
import { encodeTestJpeg, encodeTestPng, toBase64 } from './test-images.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'images-contract-'))
const generatedPng = encodeTestPng(64, 48, [10, 120, 200], true)

/** Every image-model call answers with a sentence and one real 64x48 PNG, like the web backend. */
function imageScript(): StreamPart[] {
  return [
    { type: 'metadata', metadata: { responseId: 'r_img', upstreamModel: 'fake-image' } },
    { type: 'text-delta', text: 'Here is your image.' },
    { type: 'image', image: { mimeType: 'image/png', data: generatedPng, width: 64, height: 48 } },
    { type: 'finish', reason: 'stop' },
  ]
}

const fake = createFakeBackend(imageScript)
let origin = 'http://127.0.0.1:0'
const config = buildConfig({ file: { dataDir }, env: {} })
const delivery = createImageDelivery({ config, baseUrl: () => origin, sweepIntervalMs: 0 })
const { app } = createTestApp({
  backend: fake,
  logLevel: 'silent',
  config: { dataDir, rateLimit: { enabled: false } },
  dependencies: { images: delivery.store, plainRoutes: delivery.routes },
})
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => app.handle(request) })
origin = `http://127.0.0.1:${server.port}`

afterAll(async () => {
  await server.stop(true)
  delivery.close()
  rmSync(dataDir, { recursive: true, force: true })
})

beforeEach(() => {
  fake.calls.length = 0
})

const openai = new OpenAI({ apiKey: 'gemini-reverse-2025', baseURL: `${origin}/v1`, maxRetries: 0 })

function promptOf(request: InternalRequest): string {
  return request.messages.flatMap((message) => message.parts.flatMap((part) => (part.type === 'text' ? [part.text] : []))).join('\n')
}

function inputImagesOf(request: InternalRequest): ImagePart[] {
  return request.messages.flatMap((message) => message.parts.filter((part): part is ImagePart => part.type === 'image'))
}

describe('openai SDK', () => {
  test('images.generate answers a URL this server delivers, with the delivered size', async () => {
    const result = await openai.images.generate({ model: 'gemini-3-pro-image-preview', prompt: 'a cat', size: '1536x1024' })
    const url = result.data?.[0]?.url ?? ''
    expect(url.startsWith(`${origin}/images/`)).toBe(true)
    expect(result.size as string).toBe('64x48')
    const download = await fetch(url)
    expect(download.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(generatedPng)
    expect(fake.calls[0]!.request.task).toBe('image-generation')
    expect(promptOf(fake.calls[0]!.request)).toContain('aspect ratio of 3:2')
  })

  test('images.generate with n=2 and b64_json runs two generations and returns two base64 images', async () => {
    const result = await openai.images.generate({ model: 'gemini-2.5-flash-image', prompt: 'two cats', n: 2, response_format: 'b64_json' })
    expect(result.data).toHaveLength(2)
    for (const image of result.data ?? []) expect(readImageInfo(new Uint8Array(Buffer.from(image.b64_json ?? '', 'base64')))).toMatchObject({ width: 64, height: 48 })
    expect(fake.calls).toHaveLength(2)
  })

  test('images.edit sends image[] (multipart) and the backend gets the true image types', async () => {
    const result = await openai.images.edit({
      model: 'gemini-3-pro-image-preview-2k',
      prompt: 'merge them',
      image: [await toFile(encodeTestPng(8, 8), 'a.png', { type: 'image/png' }), await toFile(encodeTestJpeg(8, 8), 'b.jpg', { type: 'image/jpeg' })],
      response_format: 'b64_json',
    })
    expect(typeof result.data?.[0]?.b64_json).toBe('string')
    const request = fake.calls[0]!.request
    expect(request.task).toBe('image-edit')
    expect(inputImagesOf(request).map((part) => part.source.kind === 'bytes' && part.source.mimeType)).toEqual(['image/png', 'image/jpeg'])
  })

  test('a non-image upload is a 400 BadRequestError naming the field', async () => {
    const failure = await openai.images
      .edit({ prompt: 'x', image: await toFile(new TextEncoder().encode('%PDF-1.7'), 'doc.png', { type: 'image/png' }) })
      .then(() => null, (error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError)
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('image')
    expect(fake.calls).toHaveLength(0)
  })
})

describe('@ai-sdk/openai', () => {
  const provider = createOpenAI({ apiKey: 'x', baseURL: `${origin}/v1` })

  test('generateImage gets b64_json strings and real bytes (n=2 becomes two calls of n=1)', async () => {
    const result = await generateImage({ model: provider.image('gemini-2.5-flash-image'), prompt: 'a fox', n: 2, maxRetries: 0 })
    expect(result.images).toHaveLength(2)
    expect(result.images[0]!.uint8Array).toEqual(generatedPng)
    expect(result.images[0]!.mediaType).toBe('image/png')
  })

  test('generateImage with input images edits through /images/edits', async () => {
    const result = await generateImage({ model: provider.image('gemini-2.5-flash-image'), prompt: { text: 'brighter', images: [encodeTestPng(4, 4)] }, maxRetries: 0 })
    expect(result.images[0]!.uint8Array).toEqual(generatedPng)
    expect(fake.calls[0]!.request.task).toBe('image-edit')
  })
})

describe('Gemini format', () => {
  test('@google/genai generateContent with an image model returns inlineData with the true MIME type', async () => {
    const genai = new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: origin } })
    const response = await genai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'a cat' })
    const parts = response.candidates?.[0]?.content?.parts ?? []
    const inline = parts.find((part) => part.inlineData)?.inlineData
    expect(inline?.mimeType).toBe('image/png')
    expect(new Uint8Array(Buffer.from(inline?.data ?? '', 'base64'))).toEqual(generatedPng)
    expect(response.data).toBe(toBase64(generatedPng))
  })

  test("the guide's curl with Accept: image/png downloads the image file from generateContent", async () => {
    const response = await fetch(`${origin}/gemini/v1beta/models/gemini-3-pro-image-preview:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'image/png' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'a cat' }] }] }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(generatedPng)
  })

  test(':editImage takes inlineData + text and answers raw bytes with ?alt=media', async () => {
    const response = await fetch(`${origin}/gemini/v1beta/models/gemini-2.5-flash-image:editImage?alt=media`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: toBase64(encodeTestPng(4, 4)) } }, { text: 'add a hat' }] }] }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-image-width')).toBe('64')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(generatedPng)
    expect(fake.calls[0]!.request.task).toBe('image-edit')
    expect(inputImagesOf(fake.calls[0]!.request)).toHaveLength(1)
  })

  test(':editImage without an image is a 400 in Google\'s envelope', async () => {
    const response = await fetch(`${origin}/gemini/v1beta/models/gemini-2.5-flash-image:editImage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'add a hat' }] }] }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { status: string; message: string } }
    expect(body.error.status).toBe('INVALID_ARGUMENT')
    expect(body.error.message).toContain('inlineData')
  })
})
