/**
 * End to end with the real Gemini web backend against the emulator of Google's web endpoints:
 * the official Gemini clients get text, streamed text, thoughts and a generated image through
 * this server, with no fake backend in between.
 */

import { createGoogleGenerativeAI } from '@ai-sdk/google'
import { GoogleGenAI } from '@google/genai'
import { streamText } from 'ai'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'

const apiKey = 'test-key-not-secret'
let gateway: EmulatedGateway
let base: string

beforeAll(async () => {
  gateway = await startEmulatedGateway()
  base = gateway.origin
})

afterAll(() => gateway.stop())

const genai = () => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: `${base}/gemini` } })

describe('Gemini format over the emulated web backend', () => {
  test('@google/genai generateContent', async () => {
    const response = await genai().models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello there' })
    expect(response.text).toBe('Emulated answer to: Hello there')
    expect(response.candidates?.[0]?.finishReason).toBe('STOP' as never)
    expect(response.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0)
  })

  test('@google/genai generateContentStream with thoughts', async () => {
    const stream = await genai().models.generateContentStream({ model: 'gemini-3.0-pro', contents: 'Why is the sky blue?', config: { thinkingConfig: { includeThoughts: true } } })
    let text = ''
    let thoughts = ''
    let chunks = 0
    for await (const chunk of stream) {
      chunks += 1
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
        if (part.thought) thoughts += part.text ?? ''
        else text += part.text ?? ''
      }
      if (chunks > 500) break
    }
    expect(text).toBe('Emulated answer to: Why is the sky blue?')
    expect(thoughts.length).toBeGreaterThan(0)
  })

  test('an image model answers with inlineData', async () => {
    const response = await genai().models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'draw a red square', config: { responseModalities: ['TEXT', 'IMAGE'] } })
    const images = (response.candidates?.[0]?.content?.parts ?? []).flatMap((part) => (part.inlineData ? [part.inlineData] : []))
    expect(images.length).toBeGreaterThan(0)
    expect(images[0]!.mimeType).toMatch(/^image\//)
    const bytes = Buffer.from(images[0]!.data ?? '', 'base64')
    const magic = images[0]!.mimeType === 'image/png' ? [0x89, 0x50, 0x4e, 0x47] : [0xff, 0xd8, 0xff]
    expect([...bytes.subarray(0, magic.length)]).toEqual(magic)
  })

  test('@ai-sdk/google streamText', async () => {
    const provider = createGoogleGenerativeAI({ baseURL: `${base}/gemini/v1beta`, apiKey })
    const result = streamText({ model: provider('gemini-2.5-flash'), prompt: 'Stream please', maxRetries: 0 })
    let text = ''
    for await (const delta of result.textStream) text += delta
    expect(text).toBe('Emulated answer to: Stream please')
    expect(await result.finishReason).toBe('stop')
  })
})
