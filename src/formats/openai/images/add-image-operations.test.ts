import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../../core/errors.ts'
import type { DecodeInput, EncodeMeta, FormatPlugin } from '../../types.ts'
import { addGeminiImageOperations } from '../../gemini/images/add-image-operations.ts'
import { geminiFormat } from '../../gemini/index.ts'
import { openAIFormat } from '../index.ts'
import { addOpenAIImageOperations } from './add-image-operations.ts'

function input(operation: DecodeInput['operation'], body: unknown, pathModelId?: string): DecodeInput {
  return { operation, body, pathModelId, pathStream: false, query: new URLSearchParams(), headers: new Headers() }
}

const chatOnly: FormatPlugin = {
  ...openAIFormat,
  decodeRequest: () => {
    throw new ProxyError('unsupported_feature', 'chat decoder')
  },
}

describe('format wrappers', () => {
  test('OpenAI: image operations decode here, others reach the plugin, and the model id defaults', async () => {
    const format = addOpenAIImageOperations(chatOnly, { maxUploadBytes: 1024 * 1024, maxImagesPerRequest: 2 })
    expect((await format.decodeRequest(input('generate-image', { prompt: 'x' }))).task).toBe('image-generation')
    expect(() => format.decodeRequest(input('generate', { messages: [] }))).toThrow('chat decoder')
    expect(format.readModelId(input('generate-image', { prompt: 'x' }))).toBe('gemini-2.5-flash-image')
    await expect(format.decodeRequest(input('generate-image', { prompt: 'x', n: 3 }))).rejects.toThrow('at most 2 images')
  })

  test('Gemini: editImage decodes here; raw bytes only when asked', async () => {
    const format = addGeminiImageOperations(geminiFormat)
    await expect(Promise.resolve().then(() => format.decodeRequest(input('edit-image', { contents: [{ parts: [{ text: 'x' }] }] }, 'gemini-2.5-flash-image')))).rejects.toThrow('inlineData')
    const response = { text: 'no', thoughts: '', images: [], toolCalls: [], finishReason: 'stop' as const, usage: { inputTokens: 0, outputTokens: 0, thoughtTokens: 0, totalTokens: 0 }, metadata: {} }
    const meta = { accept: 'image/png', query: new URLSearchParams() } as EncodeMeta
    expect(format.encodeResponse(response, meta).status).toBe(502)
  })
})
