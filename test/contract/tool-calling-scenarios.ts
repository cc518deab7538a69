/**
 * The tool-calling contract, written once and run twice: against an app whose backend is wrapped
 * in the emulation by the test itself (tool-calling.test.ts, passes on its own), and against the
 * plain test app (tool-calling-wired.test.ts, passes once the core stage applies the emulation).
 * Official clients (openai, @ai-sdk/openai, @google/genai) send tools and must get structured
 * calls back from a fake backend that only ever answers with text.
 */

import { createOpenAI } from '@ai-sdk/openai'
import { GoogleGenAI } from '@google/genai'
import { generateText, jsonSchema, streamText, tool } from 'ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import OpenAI from 'openai'
import type { InternalRequest, StreamPart } from '../../src/core/ir.ts'
import { buildPrompt } from '../../src/backends/gemini-web/build-prompt.ts'
import type { FakeBackend } from '../helpers/fake-backend.ts'
import type { TestApp } from '../helpers/create-test-app.ts'

export const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string', description: 'City name' }, days: { type: 'integer' } },
  required: ['city'],
}

const weatherBlock = '```tool_call\n{"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}\n```'
const timeBlock = '```tool_call\n{"name": "get_time", "arguments": {"zone": "CET"}}\n```'

/** A model answer in the protocol, cut into small deltas that split the fences and the JSON. */
function answerInDeltas(answer: string, size = 7): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'metadata', metadata: { responseId: 'r_tools' } }]
  for (let index = 0; index < answer.length; index += size) parts.push({ type: 'text-delta', text: answer.slice(index, index + size) })
  parts.push({ type: 'finish', reason: 'stop' })
  return parts
}

const callingScript = () => answerInDeltas(`Let me look that up.\n\n${weatherBlock}\n\nThe weather is sunny.`)
const parallelScript = () => answerInDeltas(`${weatherBlock}\n${timeBlock}\n`)

const openAITools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather forecast for a city', parameters: weatherParameters } },
  { type: 'function', function: { name: 'get_time', description: 'Current time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
]

function expectProtocolSent(request: InternalRequest | undefined) {
  expect(request?.systemInstruction).toContain('# Tools')
  expect(request?.systemInstruction).toContain('"name":"get_weather","description":"Weather forecast for a city"')
  expect(request?.systemInstruction).toContain('```tool_call\n')
  // The backend must not see the tools a second time.
  expect(request?.tools).toBeUndefined()
  expect(request?.toolChoice).toBeUndefined()
}

export function describeToolCalling(label: string, createApp: () => { testApp: TestApp; fake: FakeBackend }): void {
  describe(label, () => {
    let testApp: TestApp
    let fake: FakeBackend
    let server: ReturnType<typeof Bun.serve>
    let base: string
    let appFetch: typeof fetch

    beforeAll(() => {
      ;({ testApp, fake } = createApp())
      const app = testApp.app
      server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, bunServer) => app.handle(request, bunServer.requestIP(request)?.address) })
      base = `http://127.0.0.1:${server.port}`
      appFetch = (async (url: string | URL | Request, init?: RequestInit) => app.handle(new Request(url, init))) as typeof fetch
    })

    afterAll(async () => {
      await server.stop(true)
    })

    beforeEach(() => {
      fake.script = callingScript
      fake.calls.length = 0
    })

    const openAI = () => new OpenAI({ apiKey: 'test', baseURL: 'http://localhost/v1', fetch: appFetch, maxRetries: 0 })

    test('openai SDK: message.tool_calls with string arguments, finish_reason tool_calls, text after the block dropped', async () => {
      const completion = await openAI().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: openAITools })
      const choice = completion.choices[0]!
      expect(choice.finish_reason).toBe('tool_calls')
      expect(choice.message.content).toBe('Let me look that up.')
      const call = choice.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall
      expect(call.type).toBe('function')
      expect(call.id).toMatch(/^call_[0-9a-f]{24}$/)
      expect(call.function.name).toBe('get_weather')
      expect(call.function.arguments).toBe('{"city":"Paris","days":2}')
      expect(choice.message.tool_calls).toHaveLength(1)
      expectProtocolSent(fake.calls[0]?.request)
    })

    test('openai SDK streaming: tool_calls deltas with index, id, type and name; the stream helper assembles them', async () => {
      fake.script = parallelScript
      const client = openAI()
      const stream = await client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Weather and time?' }], tools: openAITools, stream: true })
      const deltas: Array<{ index: number; id?: string; type?: string; name?: string; arguments?: string }> = []
      let finishReason: string | null = null
      let content = ''
      for await (const chunk of stream) {
        const choice = chunk.choices[0]
        content += choice?.delta.content ?? ''
        for (const call of choice?.delta.tool_calls ?? []) deltas.push({ index: call.index, id: call.id, type: call.type, name: call.function?.name, arguments: call.function?.arguments })
        finishReason = choice?.finish_reason ?? finishReason
      }
      expect(content).toBe('')
      expect(finishReason).toBe('tool_calls')
      expect(deltas.map(({ index, type, name, arguments: args }) => ({ index, type, name, arguments: args }))).toEqual([
        { index: 0, type: 'function', name: 'get_weather', arguments: '{"city":"Paris","days":2}' },
        { index: 1, type: 'function', name: 'get_time', arguments: '{"zone":"CET"}' },
      ])
      expect(deltas.every((delta) => /^call_[0-9a-f]{24}$/.test(delta.id ?? ''))).toBe(true)
      const final = await client.chat.completions.stream({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Weather and time?' }], tools: openAITools }).finalChatCompletion()
      const calls = final.choices[0]!.message.tool_calls as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall[]
      expect(calls.map((call) => call.function.name)).toEqual(['get_weather', 'get_time'])
      expect(final.choices[0]!.finish_reason).toBe('tool_calls')
    })

    test('openai SDK: tool_choice naming one function narrows the protocol to it', async () => {
      await openAI().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Time?' }], tools: openAITools, tool_choice: { type: 'function', function: { name: 'get_time' } } })
      const instruction = fake.calls[0]?.request.systemInstruction ?? ''
      expect(instruction).toContain('You MUST call the tool "get_time"')
      expect(instruction).not.toContain('get_weather')
    })

    test('openai SDK: the second turn renders the earlier call as a block and the result into the prompt', async () => {
      fake.script = () => answerInDeltas('It is sunny in Paris.')
      const completion = await openAI().chat.completions.create({
        model: 'gemini-2.5-flash',
        tools: openAITools,
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '{"sky":"sunny"}' },
        ],
      })
      expect(completion.choices[0]!.message.content).toBe('It is sunny in Paris.')
      expect(completion.choices[0]!.finish_reason).toBe('stop')
      const prompt = buildPrompt(fake.calls[0]!.request).text
      expect(prompt).toContain('Assistant: ```tool_call\n{"name":"get_weather","arguments":{"city":"Paris"}}\n```')
      expect(prompt).toContain('Tool result (get_weather): {"sky":"sunny"}')
      expect(prompt).toContain('System instructions:\n# Tools')
    })

    test('openai SDK: an invalid block is shown as text and finish_reason stays stop', async () => {
      const bad = '```tool_call\n{"name": "get_weather", "arguments": {"days": 2}}\n```'
      fake.script = () => answerInDeltas(bad)
      const completion = await openAI().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Weather?' }], tools: openAITools })
      expect(completion.choices[0]!.message.content).toBe(bad)
      expect(completion.choices[0]!.message.tool_calls ?? []).toEqual([])
      expect(completion.choices[0]!.finish_reason).toBe('stop')
    })

    test('@ai-sdk/openai generateText returns toolCalls with the parsed input', async () => {
      const provider = createOpenAI({ baseURL: 'http://localhost/v1', apiKey: 'test', fetch: appFetch })
      const result = await generateText({
        model: provider.chat('gemini-2.5-flash'),
        prompt: 'Weather in Paris?',
        tools: { get_weather: tool({ description: 'Weather forecast for a city', inputSchema: jsonSchema<{ city: string; days?: number }>(weatherParameters as never) }) },
        maxRetries: 0,
      })
      expect(result.finishReason).toBe('tool-calls')
      expect(result.toolCalls.map((call) => ({ name: call.toolName, input: call.input }))).toEqual([{ name: 'get_weather', input: { city: 'Paris', days: 2 } }])
      expectProtocolSent(fake.calls[0]?.request)
    })

    test('@ai-sdk/openai streamText assembles the streamed tool calls', async () => {
      fake.script = parallelScript
      const provider = createOpenAI({ baseURL: 'http://localhost/v1', apiKey: 'test', fetch: appFetch })
      const result = streamText({
        model: provider.chat('gemini-2.5-flash'),
        prompt: 'Weather and time?',
        tools: {
          get_weather: tool({ inputSchema: jsonSchema<{ city: string; days?: number }>(weatherParameters as never) }),
          get_time: tool({ inputSchema: jsonSchema<{ zone?: string }>({ type: 'object', properties: { zone: { type: 'string' } } }) }),
        },
        maxRetries: 0,
      })
      const calls = await result.toolCalls
      expect(calls.map((call) => ({ name: call.toolName, input: call.input }))).toEqual([
        { name: 'get_weather', input: { city: 'Paris', days: 2 } },
        { name: 'get_time', input: { zone: 'CET' } },
      ])
      expect(await result.finishReason).toBe('tool-calls')
    })

    test('@google/genai generateContent with functionDeclarations returns functionCalls; the function response is rendered next turn', async () => {
      const client = new GoogleGenAI({ apiKey: 'test-key-not-secret', apiVersion: 'v1beta', httpOptions: { baseUrl: `${base}/gemini` } })
      const declarations = [{ name: 'get_weather', description: 'Weather forecast for a city', parametersJsonSchema: weatherParameters }]
      const response = await client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Weather in Paris?', config: { tools: [{ functionDeclarations: declarations }] } })
      expect(response.functionCalls?.map((call) => ({ name: call.name, args: call.args }))).toEqual([{ name: 'get_weather', args: { city: 'Paris', days: 2 } }])
      expect(response.candidates?.[0]?.finishReason).toBe('STOP' as never)
      expectProtocolSent(fake.calls[0]?.request)

      fake.script = () => answerInDeltas('Sunny.')
      const second = await client.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'sunny' } } }] },
        ],
        config: { tools: [{ functionDeclarations: declarations }] },
      })
      expect(second.text).toBe('Sunny.')
      const prompt = buildPrompt(fake.calls[1]!.request).text
      expect(prompt).toContain('Assistant: ```tool_call\n{"name":"get_weather","arguments":{"city":"Paris"}}\n```')
      expect(prompt).toMatch(/Tool result \(get_weather\): .*sunny/)
    })

    test('@google/genai streaming: the functionCall part arrives in a chunk', async () => {
      const client = new GoogleGenAI({ apiKey: 'test-key-not-secret', apiVersion: 'v1beta', httpOptions: { baseUrl: `${base}/gemini` } })
      const stream = await client.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: 'Weather in Paris?',
        config: { tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: weatherParameters }] }] },
      })
      const names: string[] = []
      let text = ''
      for await (const chunk of stream) {
        for (const call of chunk.functionCalls ?? []) names.push(call.name ?? '')
        text += chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('') ?? ''
      }
      expect(names).toEqual(['get_weather'])
      expect(text).toBe('Let me look that up.')
    })

    test('no tools: the request and the answer go through untouched', async () => {
      fake.script = () => answerInDeltas(`Here is an example: ${weatherBlock}`)
      const completion = await openAI().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Show the format' }] })
      expect(completion.choices[0]!.message.content).toBe(`Here is an example: ${weatherBlock}`)
      expect(completion.choices[0]!.finish_reason).toBe('stop')
      expect(fake.calls[0]?.request.systemInstruction).toBeUndefined()
    })
  })
}
