/**
 * Contract tests for `POST /v1/responses`: the official `openai` SDK (`responses.create`, its
 * stream, `responses.stream().finalResponse()`) and the AI SDK's default OpenAI provider
 * (`createOpenAI(...)(model)`, which calls the Responses API) talk to the whole app (real pipeline,
 * fake backend, core tool emulation) and must get what they parse without complaint.
 */

import { describe, expect, test } from 'bun:test'
import { createOpenAI } from '@ai-sdk/openai'
import { generateText, jsonSchema, streamText, tool } from 'ai'
import OpenAI from 'openai'
import { ProxyError } from '../../src/core/errors.ts'
import type { StreamPart } from '../../src/core/ir.ts'
import { createTestApp } from '../helpers/create-test-app.ts'
import { createMemoryConversationStore } from '../../src/conversations/memory-store.ts'
import { createConversationTracker } from '../../src/conversations/track-conversations.ts'

const thinkingScript = (): StreamPart[] => [
  { type: 'metadata', metadata: { responseId: 'r_1', conversationId: 'c_1' } },
  { type: 'thought-delta', text: 'The user greets me. ' },
  { type: 'thought-delta', text: 'I greet back.' },
  { type: 'text-delta', text: 'Hello' },
  { type: 'text-delta', text: ', world!' },
  { type: 'finish', reason: 'stop' },
]

const toolBlockScript = (): StreamPart[] => [
  { type: 'text-delta', text: 'Let me check.\n```tool_call\n{"name": "get_weather", ' },
  { type: 'text-delta', text: '"arguments": {"city": "Paris"}}\n```' },
  { type: 'finish', reason: 'stop' },
]

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
}

function setUp() {
  const testApp = createTestApp({ dependencies: { conversations: createConversationTracker(createMemoryConversationStore({ maxEntries: 100, ttlSeconds: 60 })) } })
  testApp.fake!.script = thinkingScript
  const appFetch = (async (url: string | URL | Request, init?: RequestInit) => testApp.app.handle(new Request(url, init))) as typeof fetch
  const client = new OpenAI({ apiKey: 'test', baseURL: 'http://localhost/v1', fetch: appFetch, maxRetries: 0 })
  const provider = createOpenAI({ baseURL: 'http://localhost/v1', apiKey: 'test', fetch: appFetch })
  return { ...testApp, client, appFetch, provider }
}

describe('openai SDK responses', () => {
  test('responses.create returns a response with output_text, usage and the decoded request', async () => {
    const { client, fake } = setUp()
    const response = await client.responses.create({
      model: 'gemini-2.5-flash',
      instructions: 'Be friendly.',
      input: [
        { role: 'developer', content: 'Answer briefly.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
      ],
      temperature: 0.2,
      max_output_tokens: 100,
    })
    expect(response.object).toBe('response')
    expect(response.id).toStartWith('resp_')
    expect(response.status).toBe('completed')
    expect(response.model).toBe('gemini-2.5-flash')
    expect(response.output_text).toBe('Hello, world!')
    // No reasoning summary was asked for, so no reasoning item.
    expect(response.output.map((item) => item.type)).toEqual(['message'])
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0)
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0))
    const request = fake!.calls[0]!.request
    expect(request.systemInstruction).toBe('Be friendly.\n\nAnswer briefly.')
    expect(request.generation).toMatchObject({ maxOutputTokens: 100, temperature: 0.2 })
  })

  test('a reasoning summary request returns the thoughts as a reasoning item', async () => {
    const { client } = setUp()
    const response = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Hi', reasoning: { effort: 'low', summary: 'auto' } })
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message'])
    const reasoning = response.output[0] as OpenAI.Responses.ResponseReasoningItem
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'The user greets me. I greet back.' }])
    expect(response.output_text).toBe('Hello, world!')
  })

  test('responses.create({stream: true}) iterates to response.completed', async () => {
    const { client } = setUp()
    const stream = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Hi', stream: true, reasoning: { summary: 'auto' } })
    const types: string[] = []
    let text = ''
    let reasoning = ''
    let completed: OpenAI.Responses.Response | undefined
    const sequence: number[] = []
    for await (const event of stream) {
      types.push(event.type)
      sequence.push(event.sequence_number)
      if (event.type === 'response.output_text.delta') text += event.delta
      if (event.type === 'response.reasoning_summary_text.delta') reasoning += event.delta
      if (event.type === 'response.completed') completed = event.response
    }
    expect(text).toBe('Hello, world!')
    expect(reasoning).toBe('The user greets me. I greet back.')
    expect(types[0]).toBe('response.created')
    expect(types[1]).toBe('response.in_progress')
    expect(types.at(-1)).toBe('response.completed')
    expect(sequence).toEqual(sequence.map((_, index) => index))
    expect(completed?.output.map((item) => item.type)).toEqual(['reasoning', 'message'])
    expect(completed?.usage?.output_tokens).toBeGreaterThan(0)
  })

  test('responses.stream(...).finalResponse() passes the helper checks', async () => {
    const { client } = setUp()
    const runner = client.responses.stream({ model: 'gemini-2.5-flash', input: 'Hi', reasoning: { summary: 'auto' } })
    const deltas: string[] = []
    runner.on('response.output_text.delta', (event) => deltas.push(event.delta))
    const final = await runner.finalResponse()
    expect(final.status).toBe('completed')
    expect(final.output_text).toBe('Hello, world!')
    expect(deltas.join('')).toBe('Hello, world!')
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message'])
  })

  test('a tool block from the backend becomes a function_call item, whole and streamed', async () => {
    const { client, fake } = setUp()
    fake!.script = toolBlockScript
    const response = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Weather in Paris?', tools: [weatherTool] })
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call'])
    expect(response.output_text).toBe('Let me check.')
    const call = response.output[1] as OpenAI.Responses.ResponseFunctionToolCall
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' })
    expect(call.call_id).toStartWith('call_')
    expect(fake!.calls[0]!.request.tools).toBeUndefined()

    const final = await client.responses.stream({ model: 'gemini-2.5-flash', input: 'Weather in Paris?', tools: [weatherTool] }).finalResponse()
    const streamedCall = final.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall
    expect(streamedCall).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' })
  })

  test('a tool round trip decodes function_call and function_call_output items', async () => {
    const { client, fake } = setUp()
    await client.responses.create({
      model: 'gemini-2.5-flash',
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"sky":"sunny"}' },
      ],
    })
    const messages = fake!.calls[0]!.request.messages
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool'])
    expect(messages[2]?.parts[0]).toEqual({ type: 'tool-result', id: 'call_1', name: 'get_weather', content: '{"sky":"sunny"}' })
  })

  test('an unknown model is a typed NotFoundError', async () => {
    const { client } = setUp()
    const failure = await client.responses.create({ model: 'gpt-4o', input: 'Hi' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError)
    expect((failure as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found')
  })

  test('an unknown previous_response_id is a BadRequestError telling the client to send the whole conversation', async () => {
    const { client } = setUp()
    const failure = await client.responses.create({ model: 'gemini-2.5-flash', input: 'And then?', previous_response_id: 'resp_123' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError)
    const badRequest = failure as InstanceType<typeof OpenAI.BadRequestError>
    expect(badRequest.param).toBe('previous_response_id')
    expect(badRequest.message).toContain('send the whole conversation')
  })

  test('a failure mid-stream surfaces as an APIError while iterating', async () => {
    const { client, fake } = setUp()
    fake!.script = () => [{ type: 'text-delta', text: 'Hel' }, { type: 'error', error: new ProxyError('upstream_bad_response', 'The upstream answer broke off') }]
    const stream = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Hi', stream: true })
    let text = ''
    const failure = await (async () => {
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta
    })().catch((error: unknown) => error)
    expect(text).toBe('Hel')
    expect(failure).toBeInstanceOf(OpenAI.APIError)
    expect((failure as Error).message).toContain('The upstream answer broke off')
  })
})

describe('@ai-sdk/openai default (Responses) provider', () => {
  test('generateText and streamText read text, usage and finish reason', async () => {
    const { provider } = setUp()
    const generated = await generateText({ model: provider('gemini-2.5-flash'), prompt: 'Hi', maxRetries: 0 })
    expect(generated.text).toBe('Hello, world!')
    expect(generated.finishReason).toBe('stop')
    expect(generated.usage.outputTokens).toBeGreaterThan(0)

    const streamed = streamText({ model: provider('gemini-2.5-flash'), prompt: 'Hi', maxRetries: 0 })
    let text = ''
    for await (const delta of streamed.textStream) text += delta
    expect(text).toBe('Hello, world!')
    expect(await streamed.finishReason).toBe('stop')
    expect((await streamed.usage).inputTokens).toBeGreaterThan(0)
  })

  test('streamText shows reasoning when a summary is asked for', async () => {
    const { provider } = setUp()
    const streamed = streamText({
      model: provider('gemini-2.5-flash'),
      prompt: 'Hi',
      maxRetries: 0,
      providerOptions: { openai: { reasoningSummary: 'auto', forceReasoning: true, store: false } },
    })
    let text = ''
    for await (const delta of streamed.textStream) text += delta
    expect(text).toBe('Hello, world!')
    expect(await streamed.reasoningText).toBe('The user greets me. I greet back.')
  })

  test('a multi-turn conversation with store: false sends the full history', async () => {
    const { provider, fake } = setUp()
    const options = { openai: { store: false } }
    const first = await generateText({ model: provider('gemini-2.5-flash'), prompt: 'Hi', maxRetries: 0, providerOptions: options })
    const second = await generateText({
      model: provider('gemini-2.5-flash'),
      maxRetries: 0,
      providerOptions: options,
      messages: [{ role: 'user', content: 'Hi' }, ...first.response.messages, { role: 'user', content: 'And again?' }],
    })
    expect(second.text).toBe('Hello, world!')
    const messages = fake!.calls[1]!.request.messages
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(messages[1]?.parts).toEqual([{ type: 'text', text: 'Hello, world!' }])
  })

  test('a multi-turn conversation with the default store: true gets a clear 400', async () => {
    const { provider } = setUp()
    const first = await generateText({ model: provider('gemini-2.5-flash'), prompt: 'Hi', maxRetries: 0 })
    const failure = await generateText({
      model: provider('gemini-2.5-flash'),
      maxRetries: 0,
      messages: [{ role: 'user', content: 'Hi' }, ...first.response.messages, { role: 'user', content: 'And again?' }],
    }).catch((error: unknown) => error)
    expect((failure as { statusCode?: number }).statusCode).toBe(400)
    expect((failure as Error).message).toContain('store: false')
  })

  test('a tool call from the backend comes back as a tool call, whole and streamed', async () => {
    const { provider, fake } = setUp()
    fake!.script = toolBlockScript
    const tools = {
      get_weather: tool({ description: 'Weather for a city', inputSchema: jsonSchema<{ city: string }>(weatherTool.parameters as never) }),
    }
    const generated = await generateText({ model: provider('gemini-2.5-flash'), prompt: 'Weather in Paris?', tools, maxRetries: 0 })
    expect(generated.finishReason).toBe('tool-calls')
    expect(generated.toolCalls).toHaveLength(1)
    expect(generated.toolCalls[0]).toMatchObject({ toolName: 'get_weather', input: { city: 'Paris' } })

    const streamed = streamText({ model: provider('gemini-2.5-flash'), prompt: 'Weather in Paris?', tools, maxRetries: 0 })
    const calls = await streamed.toolCalls
    expect(calls.map((call) => [call.toolName, call.input])).toEqual([['get_weather', { city: 'Paris' }]])
    expect(await streamed.finishReason).toBe('tool-calls')
  })

  test('a failure mid-stream is reported as an error part', async () => {
    const { provider, fake } = setUp()
    fake!.script = () => [{ type: 'text-delta', text: 'Hel' }, { type: 'error', error: new ProxyError('upstream_bad_response', 'The upstream answer broke off') }]
    const errors: unknown[] = []
    const streamed = streamText({ model: provider('gemini-2.5-flash'), prompt: 'Hi', maxRetries: 0, onError: ({ error }) => void errors.push(error) })
    let text = ''
    for await (const delta of streamed.textStream) text += delta
    expect(text).toBe('Hel')
    expect(errors).toHaveLength(1)
    expect(String((errors[0] as Error).message)).toContain('The upstream answer broke off')
  })
})
