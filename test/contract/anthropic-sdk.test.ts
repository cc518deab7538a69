/**
 * Contract tests: Anthropic's own SDK (`@anthropic-ai/sdk`) and the AI SDK's Anthropic provider
 * (`@ai-sdk/anthropic` through `ai`) against this server, with the real Gemini web backend on the
 * emulator of Google's endpoints. They must get text, streams with thinking, a tool round trip,
 * token counts and typed errors, parsed without complaint. API keys are on: the Anthropic SDK
 * sends its key as `Authorization: Bearer` (and `anthropic-version: 2026-10-21`), the AI SDK as
 * `x-api-key` (with 2023-06-01). The emulator calls a tool when the newest user turn asks for it
 * by name (src/demo/emulator/tool-answer.ts).
 */

import { createAnthropic } from '@ai-sdk/anthropic'
import Anthropic from '@anthropic-ai/sdk'
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { createApiKeyAuthenticator } from '../../src/access/index.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'

const apiKey = 'sk-anthropic-contract-key'

let gateway: EmulatedGateway
let client: Anthropic
/** The auth and version headers each client sent, as the gateway received them. */
const sentHeaders: Array<Record<string, string | null>> = []

const recordingFetch = (async (url: string | URL | Request, init?: RequestInit) => {
  const headers = new Headers(init?.headers)
  sentHeaders.push({ authorization: headers.get('authorization') === null ? null : 'present', 'x-api-key': headers.get('x-api-key') === null ? null : 'present', 'anthropic-version': headers.get('anthropic-version') })
  return fetch(url, init)
}) as typeof fetch

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
}

beforeAll(async () => {
  const authenticator = createApiKeyAuthenticator(buildConfig({ file: { access: { apiKeys: [{ key: apiKey, name: 'contract' }] } }, env: {} }))
  gateway = await startEmulatedGateway({ dependencies: { authenticator } })
  client = new Anthropic({ apiKey, baseURL: gateway.origin, maxRetries: 0, fetch: recordingFetch })
})

afterAll(() => gateway.stop())

afterEach(() => gateway.emulator.faults.clear())

/** StreamGenerate calls the emulator has seen so far. */
function upstreamCalls(): number {
  return gateway.emulator.state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).length
}

describe('@anthropic-ai/sdk', () => {
  test('messages.create returns a message with text, stop reason, usage and the model echoed', async () => {
    sentHeaders.length = 0
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }] })
    expect(message.type).toBe('message')
    expect(message.role).toBe('assistant')
    expect(message.id).toStartWith('msg_')
    expect(message.model).toBe('claude-sonnet-4-5')
    expect(message.content).toHaveLength(1)
    const block = message.content[0]!
    expect(block.type === 'text' && block.text).toStartWith('Emulated answer to: System instructions:\nBe brief.')
    expect(message.stop_reason).toBe('end_turn')
    expect(message.usage.input_tokens).toBeGreaterThan(0)
    expect(message.usage.output_tokens).toBeGreaterThan(0)
    expect(sentHeaders).toEqual([{ authorization: 'present', 'x-api-key': null, 'anthropic-version': '2026-10-21' }])
    // The SDK reads the request id from Anthropic's own header name.
    expect((message as typeof message & { _request_id?: string | null })._request_id).toMatch(/^req_/)
  })

  test('messages.stream with extended thinking: events, thinking then text, and finalMessage', async () => {
    const stream = client.messages.stream({ model: 'claude-opus-4-1', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'Why is the sky blue?' }] })
    let text = ''
    let thinking = ''
    stream.on('text', (delta) => {
      text += delta
    })
    stream.on('thinking', (delta) => {
      thinking += delta
    })
    const final = await stream.finalMessage()
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text'])
    const [thought, answer] = final.content
    expect(thought?.type === 'thinking' && thought.signature.length).toBeGreaterThan(0)
    expect(thought?.type === 'thinking' && thought.thinking).toBe(thinking)
    expect(thinking).toContain('Emulated thoughts about: Why is the sky blue?')
    expect(answer?.type === 'text' && answer.text).toBe('Emulated answer to: Why is the sky blue?')
    expect(text).toBe('Emulated answer to: Why is the sky blue?')
    expect(final.stop_reason).toBe('end_turn')
    expect(final.usage.output_tokens).toBeGreaterThan(0)
  })

  test('a tool round trip: tool_use with parsed input, the result sent back, then an answer', async () => {
    const question: Anthropic.MessageParam = { role: 'user', content: 'Use get_weather for `Paris`' }
    const first = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, tools: [weatherTool], messages: [question] }).finalMessage()
    expect(first.stop_reason).toBe('tool_use')
    const call = first.content.find((block) => block.type === 'tool_use')
    if (call?.type !== 'tool_use') throw new Error('expected a tool_use block')
    expect(call.name).toBe('get_weather')
    expect(call.input).toEqual({ city: 'Paris' })
    expect(call.id).toMatch(/^toolu_[0-9a-f]+$/)

    const second = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      tools: [weatherTool],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21 C' }] }],
    })
    expect(second.stop_reason).toBe('end_turn')
    expect(second.content[0]?.type).toBe('text')
    // The model read the result: it is the newest turn of the prompt the emulator answered.
    expect(gateway.emulator.state.lastPrompt).toContain('Tool result (get_weather): sunny, 21 C')
  })

  test('models.list and models.retrieve read the shared /v1/models list', async () => {
    const ids: string[] = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toContain('gemini-2.5-flash')
    const model = await client.models.retrieve('gemini-2.5-pro')
    expect(model).toMatchObject({ id: 'gemini-2.5-pro', type: 'model', display_name: 'Gemini 2.5 Pro' })
  })

  test('messages.countTokens answers input_tokens', async () => {
    const count = await client.messages.countTokens({ model: 'claude-sonnet-4-5', system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] })
    expect(count.input_tokens).toBeGreaterThan(0)
  })

  test('typed errors: AuthenticationError, NotFoundError, BadRequestError, none of which reach the upstream', async () => {
    const before = upstreamCalls()
    const stranger = new Anthropic({ apiKey: 'sk-wrong', baseURL: gateway.origin, maxRetries: 0 })
    const unauthenticated = await stranger.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error)
    expect(unauthenticated).toBeInstanceOf(Anthropic.AuthenticationError)
    expect((unauthenticated as InstanceType<typeof Anthropic.AuthenticationError>).status).toBe(401)
    const authenticationError = unauthenticated as InstanceType<typeof Anthropic.AuthenticationError>
    expect(authenticationError.error).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Invalid API key' }, request_id: authenticationError.requestID })
    expect(authenticationError.requestID).toMatch(/^req_/)

    const unknownModel = await client.messages.create({ model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error)
    expect(unknownModel).toBeInstanceOf(Anthropic.NotFoundError)

    const badType = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 42 as unknown as string }] }] }).catch((error: unknown) => error)
    expect(badType).toBeInstanceOf(Anthropic.BadRequestError)
    expect((badType as Error).message).toContain('messages.0.content.0.text: Expected string')
    expect(upstreamCalls()).toBe(before)
  })

  test('an unavailable upstream is an OverloadedError (529), streaming or not', async () => {
    gateway.emulator.faults.set('generate-http-status', { status: 503, times: 10 })
    const failure = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Anthropic.OverloadedError)
    expect((failure as InstanceType<typeof Anthropic.OverloadedError>).status).toBe(529)
    const streamed = await client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).finalMessage().catch((error: unknown) => error)
    expect(streamed).toBeInstanceOf(Anthropic.OverloadedError)
  })

  test('a failure after the stream started is an error event the SDK throws while reading', async () => {
    // The answer's text streams, then downloading its image fails.
    gateway.emulator.faults.set('image-download-status', { status: 500 })
    const stream = client.messages.stream({ model: 'gemini-2.5-flash-image', max_tokens: 100, messages: [{ role: 'user', content: 'generate an image of a tree' }] })
    let text = ''
    stream.on('text', (delta) => {
      text += delta
    })
    const failure = await stream.finalMessage().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Anthropic.APIError)
    expect((failure as Error).message).toContain('overloaded_error')
    expect(text).toStartWith('Emulated answer to: generate an image of a tree')
  })
})

describe('@ai-sdk/anthropic', () => {
  const provider = () => createAnthropic({ baseURL: `${gateway.origin}/v1`, apiKey, fetch: recordingFetch })

  test('generateText and streamText read text, finish reason and usage', async () => {
    sentHeaders.length = 0
    const generated = await generateText({ model: provider()('claude-sonnet-4-5'), prompt: 'Hello from the AI SDK', maxRetries: 0 })
    expect(generated.text).toBe('Emulated answer to: Hello from the AI SDK')
    expect(generated.finishReason).toBe('stop')
    expect(generated.usage.outputTokens).toBeGreaterThan(0)
    expect(sentHeaders).toEqual([{ authorization: null, 'x-api-key': 'present', 'anthropic-version': '2023-06-01' }])

    const streamed = streamText({ model: provider()('claude-sonnet-4-5'), prompt: 'Stream from the AI SDK', maxRetries: 0 })
    let text = ''
    for await (const delta of streamed.textStream) text += delta
    expect(text).toBe('Emulated answer to: Stream from the AI SDK')
    expect(await streamed.finishReason).toBe('stop')
    expect((await streamed.usage).inputTokens).toBeGreaterThan(0)
  })

  test('streamText with thinking returns the reasoning', async () => {
    const streamed = streamText({
      model: provider()('claude-opus-4-1'),
      prompt: 'Think about the sea',
      providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 2048 } } },
      maxRetries: 0,
    })
    expect(await streamed.text).toBe('Emulated answer to: Think about the sea')
    expect(await streamed.reasoningText).toContain('Emulated thoughts about: Think about the sea')
  })

  test('a tool round trip: the tool runs and the model answers after its result', async () => {
    const cities: string[] = []
    const result = await generateText({
      model: provider()('claude-sonnet-4-5'),
      prompt: 'Use get_weather for `Lyon`',
      tools: {
        get_weather: tool({
          description: 'Weather for a city',
          inputSchema: jsonSchema<{ city: string }>(weatherTool.input_schema),
          execute: async ({ city }) => {
            cities.push(city)
            return { city, sky: 'sunny' }
          },
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    })
    expect(cities).toEqual(['Lyon'])
    expect(result.steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop'])
    expect(result.text).toStartWith('Emulated answer to: ')
    expect(gateway.emulator.state.lastPrompt).toContain('Tool result (get_weather): {"city":"Lyon","sky":"sunny"}')
  })

  test('a wrong key is an APICallError with status 401', async () => {
    const stranger = createAnthropic({ baseURL: `${gateway.origin}/v1`, apiKey: 'sk-wrong' })
    const failure = await generateText({ model: stranger('claude-sonnet-4-5'), prompt: 'hi', maxRetries: 0 }).catch((error: unknown) => error)
    expect((failure as { statusCode?: number }).statusCode).toBe(401)
    expect((failure as Error).message).toBe('Invalid API key')
  })
})
