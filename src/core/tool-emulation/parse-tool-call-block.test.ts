import { describe, expect, test } from 'bun:test'
import type { ToolDefinition } from '../ir.ts'
import { parseToolCallBlock } from './parse-tool-call-block.ts'

const weather: ToolDefinition = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }
const clock: ToolDefinition = { name: 'get_time' }
const tools = new Map([weather, clock].map((tool) => [tool.name, tool]))

describe('parseToolCallBlock', () => {
  test('arguments as an object or as a JSON string give the same compact JSON string', () => {
    expect(parseToolCallBlock(' {"name": "get_weather", "arguments": {"city": "Paris"}} ', tools)).toEqual({ ok: true, name: 'get_weather', arguments: '{"city":"Paris"}' })
    expect(parseToolCallBlock('{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"}', tools)).toEqual({ ok: true, name: 'get_weather', arguments: '{"city":"Paris"}' })
  })

  test('missing or empty-string arguments mean {} for a tool without required parameters', () => {
    expect(parseToolCallBlock('{"name":"get_time"}', tools)).toEqual({ ok: true, name: 'get_time', arguments: '{}' })
    expect(parseToolCallBlock('{"name":"get_time","arguments":""}', tools)).toEqual({ ok: true, name: 'get_time', arguments: '{}' })
  })

  test('rejects with a reason', () => {
    expect(parseToolCallBlock('{"name":"get_weather","arguments":{"city":"a"},}', tools)).toEqual({ ok: false, reason: 'the block is not valid JSON' })
    expect(parseToolCallBlock('[1]', tools)).toEqual({ ok: false, reason: 'the block is not a JSON object' })
    expect(parseToolCallBlock('{"arguments":{}}', tools)).toEqual({ ok: false, reason: '"name" is missing or not a string' })
    expect(parseToolCallBlock('{"name":"rm","arguments":{}}', tools)).toEqual({ ok: false, reason: '"rm" is not an offered tool' })
    expect(parseToolCallBlock('{"name":"get_weather","parameters":{"city":"a"}}', tools)).toEqual({ ok: false, reason: 'unexpected key "parameters"; only "name" and "arguments" are allowed' })
    expect(parseToolCallBlock('{"name":"get_weather","arguments":"{city}"}', tools)).toEqual({ ok: false, reason: '"arguments" is a string that is not JSON' })
    expect(parseToolCallBlock('{"name":"get_weather","arguments":{}}', tools)).toEqual({ ok: false, reason: 'missing required argument "city"' })
    expect(parseToolCallBlock('{"name":"get_weather","arguments":"[1]"}', tools)).toEqual({ ok: false, reason: '"arguments" must be a JSON object, got array' })
  })
})
