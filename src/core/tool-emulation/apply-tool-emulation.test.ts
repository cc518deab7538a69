import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../errors.ts'
import type { InternalRequest, StreamPart, ToolDefinition } from '../ir.ts'
import { applyToolEmulation, createToolCallId } from './apply-tool-emulation.ts'

const weather: ToolDefinition = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }
const clock: ToolDefinition = { name: 'get_time', description: 'Current time' }

function request(overrides: Partial<InternalRequest> = {}): InternalRequest {
  return { task: 'chat', model: 'gemini-2.5-flash', messages: [{ role: 'user', parts: [{ type: 'text', text: 'Weather?' }] }], generation: {}, stream: true, ...overrides }
}

async function* streamOf(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  for (const part of parts) yield part
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = []
  for await (const part of parts) collected.push(part)
  return collected
}

const historyWithCall = [
  { role: 'user' as const, parts: [{ type: 'text' as const, text: 'Weather?' }] },
  { role: 'assistant' as const, parts: [{ type: 'tool-call' as const, id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
  { role: 'tool' as const, parts: [{ type: 'tool-result' as const, id: 'call_1', name: 'get_weather', content: '21C' }] },
]

describe('applyToolEmulation', () => {
  test('null when there is nothing to emulate', () => {
    expect(applyToolEmulation(request())).toBeNull()
    expect(applyToolEmulation(request({ tools: [] }))).toBeNull()
    expect(applyToolEmulation(request({ tools: [weather], toolChoice: { mode: 'none' } }))).toBeNull()
    expect(applyToolEmulation(request({ task: 'image-generation', tools: [weather] }))).toBeNull()
    expect(applyToolEmulation(request({ messages: historyWithCall }))).toBeNull()
  })

  test('the request passed on has no tools, the protocol after the caller\'s system instruction', () => {
    const original = request({ systemInstruction: 'Be brief.', tools: [weather, clock], toolChoice: { mode: 'auto' } })
    const emulation = applyToolEmulation(original)!
    expect(emulation.request.tools).toBeUndefined()
    expect(emulation.request.toolChoice).toBeUndefined()
    expect(emulation.request.systemInstruction).toStartWith('Be brief.\n\n# Tools\n')
    expect(emulation.request.systemInstruction).toContain('{"name":"get_time","description":"Current time"')
    expect(original.tools).toHaveLength(2)
  })

  test('allowed names narrow the offered tools, in the protocol and in the parser', async () => {
    const emulation = applyToolEmulation(request({ tools: [weather, clock], toolChoice: { mode: 'required', allowedNames: ['get_time'] } }))!
    expect(emulation.request.systemInstruction).toContain('You MUST call the tool "get_time"')
    expect(emulation.request.systemInstruction).not.toContain('get_weather')
    const parts = await collect(emulation.transform(streamOf([
      { type: 'text-delta', text: '```tool_call\n{"name":"get_weather","arguments":{"city":"X"}}\n```' },
      { type: 'finish', reason: 'stop' },
    ])))
    expect(parts).toEqual([{ type: 'text-delta', text: '```tool_call\n{"name":"get_weather","arguments":{"city":"X"}}\n```' }, { type: 'finish', reason: 'stop' }])
  })

  test('a required choice naming no offered tool is a clear request error', () => {
    expect(() => applyToolEmulation(request({ tools: [weather], toolChoice: { mode: 'required', allowedNames: ['nope'] } }))).toThrow(ProxyError)
    expect(() => applyToolEmulation(request({ tools: [weather], toolChoice: { mode: 'required', allowedNames: ['nope'] } }))).toThrow("none of the tools it names is in the request's tools")
    expect(() => applyToolEmulation(request({ toolChoice: { mode: 'required' } }))).toThrow('the request offers no tools')
  })

  test('tool choice none with a call in the history: history rewritten, a notice, the stream untouched', async () => {
    const emulation = applyToolEmulation(request({ tools: [weather], toolChoice: { mode: 'none' }, messages: historyWithCall }))!
    expect(emulation.request.systemInstruction).toContain('No tool may be called in this reply')
    expect(emulation.request.systemInstruction).not.toContain('get_weather')
    expect(emulation.request.messages[1]!.parts).toEqual([{ type: 'text', text: '```tool_call\n{"name":"get_weather","arguments":{"city":"Paris"}}\n```' }])
    const input: StreamPart[] = [{ type: 'text-delta', text: '```tool_call\n{"name":"get_weather","arguments":{"city":"X"}}\n```' }, { type: 'finish', reason: 'stop' }]
    expect(await collect(emulation.transform(streamOf(input)))).toEqual(input)
  })

  test('the transform: thoughts, metadata and images pass, calls come out, finish becomes tool-calls', async () => {
    const emulation = applyToolEmulation(request({ tools: [weather], messages: historyWithCall }))!
    expect(emulation.request.messages[2]).toEqual(historyWithCall[2]!)
    const image = { mimeType: 'image/png', data: new Uint8Array([1]), width: 1, height: 1 }
    const parts = await collect(emulation.transform(streamOf([
      { type: 'metadata', metadata: { responseId: 'r' } },
      { type: 'thought-delta', text: 'I should call ```tool' },
      { type: 'text-delta', text: 'One moment. ```tool' },
      { type: 'image', image },
      { type: 'text-delta', text: '_call\n{"name":"get_weather","arguments":{"city":"Nice"}}\n```\nIt is 30C.' },
      { type: 'finish', reason: 'stop', usage: { inputTokens: 1, outputTokens: 2, thoughtTokens: 0, totalTokens: 3 } },
    ])))
    expect(parts.map((part) => part.type)).toEqual(['metadata', 'thought-delta', 'text-delta', 'image', 'tool-call', 'finish'])
    expect(parts[1]).toEqual({ type: 'thought-delta', text: 'I should call ```tool' })
    expect(parts[2]).toEqual({ type: 'text-delta', text: 'One moment.' })
    const call = parts[4] as Extract<StreamPart, { type: 'tool-call' }>
    expect(call.name).toBe('get_weather')
    expect(call.arguments).toBe('{"city":"Nice"}')
    expect(call.id).toMatch(/^call_[0-9a-f]{24}$/)
    expect(parts[5]).toEqual({ type: 'finish', reason: 'tool-calls', usage: { inputTokens: 1, outputTokens: 2, thoughtTokens: 0, totalTokens: 3 } })
  })

  test('held text is released before an error part and at a stream end without finish; content-filter is kept', async () => {
    const emulation = applyToolEmulation(request({ tools: [weather] }))!
    const error = new ProxyError('upstream_bad_response', 'boom')
    expect(await collect(emulation.transform(streamOf([{ type: 'text-delta', text: 'abc ``' }, { type: 'error', error }])))).toEqual([
      { type: 'text-delta', text: 'abc' },
      { type: 'text-delta', text: ' ``' },
      { type: 'error', error },
    ])
    expect(await collect(emulation.transform(streamOf([{ type: 'text-delta', text: 'abc `' }])))).toEqual([{ type: 'text-delta', text: 'abc' }, { type: 'text-delta', text: ' `' }])
    const filtered = await collect(emulation.transform(streamOf([
      { type: 'text-delta', text: '```tool_call\n{"name":"get_weather","arguments":{"city":"Nice"}}\n```' },
      { type: 'finish', reason: 'content-filter' },
    ])))
    expect(filtered.at(-1)).toEqual({ type: 'finish', reason: 'content-filter' })
  })

  test('invalid blocks are reported to onInvalidBlock and shown as text with finish stop', async () => {
    const reasons: string[] = []
    const emulation = applyToolEmulation(request({ tools: [weather] }), { onInvalidBlock: (reason) => reasons.push(reason) })!
    const parts = await collect(emulation.transform(streamOf([{ type: 'text-delta', text: '```tool_call\n{"name":"get_weather","arguments":{}}\n```' }, { type: 'finish', reason: 'stop' }])))
    expect(parts).toEqual([{ type: 'text-delta', text: '```tool_call\n{"name":"get_weather","arguments":{}}\n```' }, { type: 'finish', reason: 'stop' }])
    expect(reasons).toEqual(['missing required argument "city"'])
  })

  test('call ids are call_ plus 24 hex digits and differ', () => {
    const first = createToolCallId()
    expect(first).toMatch(/^call_[0-9a-f]{24}$/)
    expect(createToolCallId()).not.toBe(first)
  })
})
