/**
 * Image operations reach the images code: OpenAI images API requests through their own plugin,
 * Gemini :editImage and raw-image answers through the Gemini plugin.
 */

import { describe, expect, it } from 'bun:test'
import type { InternalResponse } from '../core/ir.ts'
import { encodeTestPng } from '../../test/images/test-images.ts'
import { geminiFormat } from './gemini/index.ts'
import { openAIChatFormat } from './openai/chat/index.ts'
import { openAIImagesFormat } from './openai/images/index.ts'
import type { DecodeInput, EncodeMeta } from './types.ts'

function input(operation: DecodeInput['operation'], body: unknown, pathModelId?: string): DecodeInput {
  return { operation, body, pathModelId, pathStream: false, query: new URLSearchParams(), headers: new Headers(), limits: { maxUploadBytes: 1024 * 1024, maxImagesPerRequest: 2 }, warnings: [] }
}

describe('image operations in the format plugins', () => {
  it('OpenAI decodes images API bodies with the configured limits and a default image model', async () => {
    expect((await openAIImagesFormat.decodeRequest(input('generate-image', { prompt: 'a cat' }))).task).toBe('image-generation')
    expect(openAIImagesFormat.readModelId(input('generate-image', { prompt: 'x' }))).toBe('gemini-2.5-flash-image')
    await expect(Promise.resolve(openAIImagesFormat.decodeRequest(input('generate-image', { prompt: 'x', n: 3 })))).rejects.toThrow('at most 2 images')
    expect((await openAIChatFormat.decodeRequest(input('generate', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }))).task).toBe('chat')
  })

  it('Gemini decodes :editImage with its image and answers raw bytes only when asked', async () => {
    const png = encodeTestPng(4, 3)
    const edit = await geminiFormat.decodeRequest(input('edit-image', { contents: [{ parts: [{ text: 'make it blue' }, { inlineData: { mimeType: 'image/png', data: Buffer.from(png).toString('base64') } }] }] }, 'gemini-2.5-flash-image'))
    expect(edit.task).toBe('image-edit')
    const response: InternalResponse = { text: 'here', thoughts: '', images: [{ mimeType: 'image/png', data: png, width: 4, height: 3 }], toolCalls: [], finishReason: 'stop', usage: { inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }, metadata: {}, warnings: [] }
    const meta = { accept: 'image/png', query: new URLSearchParams(), request: edit, requestId: 'r', operation: 'generate', requestedModelId: 'gemini-2.5-flash-image', created: 0 } as unknown as EncodeMeta
    const raw = geminiFormat.encodeResponse(response, meta)
    expect(raw.body).toBeInstanceOf(Uint8Array)
    expect(raw.headers?.['content-type']).toBe('image/png')
  })
})
