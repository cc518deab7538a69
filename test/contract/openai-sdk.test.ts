/**
 * Contract tests: the official `openai` SDK and the AI SDK's OpenAI provider talk to the whole
 * app (real pipeline, fake backend) and must get what they parse without complaint.
 */

import { describe, expect, test } from 'bun:test'
import { createOpenAI } from '@ai-sdk/openai'
import { generateText, streamText } from 'ai'
import OpenAI from 'openai'
import { ProxyError } from '../../src/core/errors.ts'
import type { StreamPart } from '../../src/core/ir.ts'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'

const thinkingScript = (): StreamPart[] => [
  { type: 'metadata', metadata: { responseId: 'r_1', conversationId: 'c_1' } },
  { type: 'thought-delta', text: 'The user greets me. ' },
  { type: 'thought-delta', text: 'I greet back.' },
  { type: 'text-delta', text: 'Hello' },
  { type: 'text-delta', text: ', world!' },
  { type: 'finish', reason: 'stop' },
]

function setUp() {
  const testApp = createTestApp()
  testApp.fake!.script = thinkingScript
  const appFetch = (async (url: string | URL | Request, init?: RequestInit) => testApp.app.handle(new Request(url, init))) as typeof fetch
  const client = new OpenAI({ apiKey: 'test', baseURL: 'http://localhost/v1', fetch: appFetch, maxRetries: 0 })
  return { ...testApp, client, appFetch }
}

describe('openai SDK', () => {
  test('chat.completions.create returns a completion with reasoning and usage', async () => {
    const { client, fake } = setUp()
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'Be friendly.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.2,
      max_completion_tokens: 100,
    })
    expect(completion.object).toBe('chat.completion')
    expect(completion.id).toStartWith('chatcmpl-')
    expect(completion.model).toBe('gemini-2.5-flash')
    expect(completion.choices[0]?.message.content).toBe('Hello, world!')
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    expect((completion.choices[0]?.message as unknown as { reasoning_content?: string }).reasoning_content).toBe('The user greets me. I greet back.')
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0)
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0))
    expect(fake!.calls[0]?.request.systemInstruction).toBe('Be friendly.')
    expect(fake!.calls[0]?.request.generation.maxOutputTokens).toBe(100)
  })

  test('streaming iteration reaches the end with content, reasoning, finish and usage', async () => {
    const { client } = setUp()
    const stream = await client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } })
    let content = ''
    let reasoning = ''
    let finishReason: string | null = null
    let usageTotal = 0
    let chunkCount = 0
    for await (const chunk of stream) {
      chunkCount++
      const choice = chunk.choices[0]
      content += choice?.delta.content ?? ''
      reasoning += (choice?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? ''
      finishReason = choice?.finish_reason ?? finishReason
      if (chunk.usage) usageTotal = chunk.usage.total_tokens
    }
    expect(content).toBe('Hello, world!')
    expect(reasoning).toBe('The user greets me. I greet back.')
    expect(finishReason).toBe('stop')
    expect(usageTotal).toBeGreaterThan(0)
    // role, two thoughts, two texts, finish, usage
    expect(chunkCount).toBe(7)
  })

  test('.stream(...).finalChatCompletion() passes the helper checks', async () => {
    const { client } = setUp()
    const runner = client.chat.completions.stream({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] })
    const deltas: string[] = []
    runner.on('content', (delta) => deltas.push(delta))
    const final = await runner.finalChatCompletion()
    expect(final.choices[0]?.message.content).toBe('Hello, world!')
    expect(final.choices[0]?.message.role).toBe('assistant')
    expect(final.choices[0]?.finish_reason).toBe('stop')
    expect(deltas.join('')).toBe('Hello, world!')
  })

  test('an unknown model is a typed NotFoundError', async () => {
    const { client } = setUp()
    const failure = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError)
    expect((failure as InstanceType<typeof OpenAI.NotFoundError>).status).toBe(404)
    expect((failure as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found')
  })

  test('a bad field is a BadRequestError naming the param', async () => {
    const { client } = setUp()
    const failure = await client.chat.completions.create({ model: 'gemini-2.5-flash', n: 3, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError)
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n')
  })

  test('an upstream failure is an InternalServerError with status 503, streaming or not', async () => {
    const { client, fake } = setUp()
    fake!.script = () => new ProxyError('upstream_unavailable', 'Gemini web is unreachable')
    const failure = await client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError)
    expect((failure as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(503)
    const streamFailure = await client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], stream: true }).catch((error: unknown) => error)
    expect(streamFailure).toBeInstanceOf(OpenAI.InternalServerError)
  })

  test('a failure mid-stream surfaces as an APIError while iterating', async () => {
    const { client, fake } = setUp()
    fake!.script = () => [{ type: 'text-delta', text: 'Hel' }, { type: 'error', error: new ProxyError('upstream_bad_response', 'The upstream answer broke off') }]
    const stream = await client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], stream: true })
    let content = ''
    const failure = await (async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? ''
    })().catch((error: unknown) => error)
    expect(content).toBe('Hel')
    expect(failure).toBeInstanceOf(OpenAI.APIError)
    expect((failure as Error).message).toContain('The upstream answer broke off')
  })
})

describe('@ai-sdk/openai chat model', () => {
  test('generateText and streamText read text and usage', async () => {
    const { appFetch } = setUp()
    const provider = createOpenAI({ baseURL: 'http://localhost/v1', apiKey: 'test', fetch: appFetch })
    const generated = await generateText({ model: provider.chat('gemini-2.5-flash'), prompt: 'Hi', maxRetries: 0 })
    expect(generated.text).toBe('Hello, world!')
    expect(generated.finishReason).toBe('stop')
    expect(generated.usage.outputTokens).toBeGreaterThan(0)

    const streamed = streamText({ model: provider.chat('gemini-2.5-flash'), prompt: 'Hi', maxRetries: 0 })
    let text = ''
    for await (const delta of streamed.textStream) text += delta
    expect(text).toBe('Hello, world!')
    expect(await streamed.finishReason).toBe('stop')
    expect((await streamed.usage).inputTokens).toBeGreaterThan(0)
  })

  test('a conversation with an image and a tool round trip decodes faithfully', async () => {
    const { appFetch, fake } = setUp()
    const provider = createOpenAI({ baseURL: 'http://localhost/v1', apiKey: 'test', fetch: appFetch })
    await generateText({
      model: provider.chat('gemini-2.5-flash'),
      maxRetries: 0,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'file', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mediaType: 'image/png' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_9', toolName: 'lookup', input: { q: 'png' } }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_9', toolName: 'lookup', output: { type: 'json', value: { answer: 'an image format' } } }] },
      ],
    })
    const request = fake!.calls[0]!.request
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool'])
    expect(request.messages[0]?.parts[1]).toMatchObject({ type: 'image', source: { kind: 'bytes', mimeType: 'image/png' } })
    expect(request.messages[1]?.parts[0]).toEqual({ type: 'tool-call', id: 'call_9', name: 'lookup', arguments: '{"q":"png"}' })
    expect(request.messages[2]?.parts[0]).toEqual({ type: 'tool-result', id: 'call_9', name: 'lookup', content: '{"answer":"an image format"}' })
  })
})

describe('the guide example', () => {
  test('curl with the guide key gets a completion on both paths', async () => {
    const { app } = setUp()
    for (const path of ['/v1/chat/completions', '/v1/generate']) {
      const response = await app.handle(postJson(path, { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: '你好' }] }, { authorization: 'Bearer gemini-reverse-2025' }))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toStartWith('application/json')
      const body = (await response.json()) as { object: string; choices: Array<{ message: { content: string } }>; usage: { prompt_tokens: number } }
      expect(body.object).toBe('chat.completion')
      expect(body.choices[0]?.message.content).toBe('Hello, world!')
      expect(body.usage.prompt_tokens).toBe(2)
    }
  })
})
