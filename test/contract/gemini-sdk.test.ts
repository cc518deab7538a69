/**
 * Contract: the official Gemini clients (@google/genai 3.x on v1beta and on its default v1, and
 * @ai-sdk/google through `ai`) talk to this server over a real socket as if it were Google's API.
 */

import { createGoogleGenerativeAI } from '@ai-sdk/google'
import { ApiError, GoogleGenAI } from '@google/genai'
import { generateText, streamText } from 'ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import { ProxyError } from '../../src/core/errors.ts'
import type { StreamPart } from '../../src/core/ir.ts'
import { defaultScript } from '../helpers/fake-backend.ts'
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts'

const apiKey = 'test-key-not-secret'
let testApp: TestApp
let server: ReturnType<typeof Bun.serve>
let base: string
const paths: string[] = []

beforeAll(() => {
  testApp = createTestApp()
  const app = testApp.app
  server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, bunServer) => {
    paths.push(new URL(request.url).pathname)
    return app.handle(request, bunServer.requestIP(request)?.address)
  } })
  base = `http://127.0.0.1:${server.port}`
})

afterAll(async () => {
  await server.stop(true)
})

beforeEach(() => {
  testApp.fake!.script = defaultScript
  testApp.fake!.calls.length = 0
  paths.length = 0
})

const thinkingScript = (): StreamPart[] => [
  { type: 'thought-delta', text: 'Let me think.' },
  { type: 'text-delta', text: 'Forty-two' },
  { type: 'finish', reason: 'stop' },
]

for (const apiVersion of ['v1beta', undefined] as const) {
  describe(`@google/genai with apiVersion ${apiVersion ?? '(default v1)'}`, () => {
    const client = () => new GoogleGenAI({ apiKey, ...(apiVersion ? { apiVersion } : {}), httpOptions: { baseUrl: `${base}/gemini` } })

    test('generateContent returns the text, finish reason and usage', async () => {
      const response = await client().models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello', config: { systemInstruction: 'Be brief', temperature: 0.2 } })
      expect(response.text).toBe('Hello world')
      expect(paths).toEqual([`/gemini/${apiVersion ?? 'v1'}/models/gemini-2.5-flash:generateContent`])
      expect(response.candidates?.[0]?.finishReason).toBe('STOP' as never)
      expect(response.candidates?.[0]?.content?.role).toBe('model')
      expect(response.modelVersion).toBe('gemini-2.5-flash')
      expect(response.usageMetadata?.candidatesTokenCount).toBe(3)
      expect(response.usageMetadata?.totalTokenCount).toBe((response.usageMetadata?.promptTokenCount ?? 0) + 3)
      const sent = testApp.fake!.calls[0]!.request
      expect(sent.systemInstruction).toBe('Be brief')
      expect(sent.generation.temperature).toBe(0.2)
      expect(sent.messages).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'Say hello' }] }])
    })

    test('generateContentStream yields every chunk to the end', async () => {
      const stream = await client().models.generateContentStream({ model: 'models/gemini-2.5-flash', contents: 'Say hello' })
      const texts: string[] = []
      let finishReason: unknown
      for await (const chunk of stream) {
        texts.push(chunk.text ?? '')
        finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason
      }
      expect(texts.join('')).toBe('Hello world')
      expect(finishReason).toBe('STOP')
      expect(testApp.fake!.calls[0]!.request.stream).toBe(true)
      expect(testApp.fake!.calls[0]!.request.streamMode).toBe('sse')
    })

    test('includeThoughts returns thoughts as thought parts, and only then', async () => {
      testApp.fake!.script = thinkingScript
      const withThoughts = await client().models.generateContent({ model: 'gemini-2.5-pro', contents: 'Think', config: { thinkingConfig: { includeThoughts: true } } })
      const parts = withThoughts.candidates?.[0]?.content?.parts ?? []
      expect(parts[0]).toEqual({ text: 'Let me think.', thought: true })
      expect(withThoughts.text).toBe('Forty-two')
      expect(withThoughts.usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0)
      const without = await client().models.generateContent({ model: 'gemini-2.5-pro', contents: 'Think' })
      expect(without.candidates?.[0]?.content?.parts).toEqual([{ text: 'Forty-two' }])
    })

    test('an error after the first chunk throws ApiError with its status', async () => {
      testApp.fake!.script = () => [
        { type: 'text-delta', text: 'Hel' },
        { type: 'error', error: new ProxyError('upstream_rate_limited', 'The upstream is busy') },
      ]
      const stream = await client().models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Say hello' })
      const texts: string[] = []
      const failure = await (async () => {
        for await (const chunk of stream) texts.push(chunk.text ?? '')
      })().catch((error: unknown) => error)
      expect(texts).toEqual(['Hel'])
      expect(failure).toBeInstanceOf(ApiError)
      expect((failure as ApiError).status).toBe(429)
      expect((failure as ApiError).message).toContain('RESOURCE_EXHAUSTED')
    })

    test('countTokens answers the estimate', async () => {
      const counted = await client().models.countTokens({ model: 'gemini-2.5-flash', contents: 'abcdefgh 你好' })
      expect(counted.totalTokens).toBe(5)
    })

    test('models.get and models.list', async () => {
      const model = await client().models.get({ model: 'gemini-2.5-flash' })
      expect(model.name).toBe('models/gemini-2.5-flash')
      expect(model.supportedActions).toContain('generateContent')
      const names: string[] = []
      const pager = await client().models.list()
      for await (const listed of pager) {
        names.push(listed.name ?? '')
        if (names.length > 50) break
      }
      expect(names).toContain('models/gemini-2.5-pro')
    })

    test('an unknown model throws ApiError 404', async () => {
      const failure = await client().models.generateContent({ model: 'no-such-model', contents: 'hi' }).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(ApiError)
      expect((failure as ApiError).status).toBe(404)
      expect((failure as ApiError).message).toContain('NOT_FOUND')
    })
  })
}

describe('@ai-sdk/google through ai', () => {
  const provider = () => createGoogleGenerativeAI({ baseURL: `${base}/gemini/v1beta`, apiKey })

  test('generateText', async () => {
    const result = await generateText({ model: provider()('gemini-2.5-flash'), prompt: 'Say hello', maxRetries: 0 })
    expect(result.text).toBe('Hello world')
    expect(result.finishReason).toBe('stop')
    expect(result.usage.outputTokens).toBe(3)
  })

  test('streamText', async () => {
    const result = streamText({ model: provider()('gemini-2.5-flash'), prompt: 'Say hello', maxRetries: 0 })
    const deltas: string[] = []
    for await (const delta of result.textStream) deltas.push(delta)
    expect(deltas.join('')).toBe('Hello world')
    expect(await result.finishReason).toBe('stop')
  })

  test('reasoning comes back when thoughts are asked for', async () => {
    testApp.fake!.script = thinkingScript
    const result = await generateText({
      model: provider()('gemini-2.5-pro'),
      prompt: 'Think',
      maxRetries: 0,
      providerOptions: { google: { thinkingConfig: { includeThoughts: true } } },
    })
    expect(result.text).toBe('Forty-two')
    expect(result.reasoningText).toBe('Let me think.')
  })
})
