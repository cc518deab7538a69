import { describe, expect, test } from 'bun:test'
import type { ToolDefinition } from '../ir.ts'
import { buildToolProtocol, formatToolCallBlock, toolsDisabledNotice } from './build-tool-protocol.ts'
import { parseToolCallBlock } from './parse-tool-call-block.ts'

const weather: ToolDefinition = { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }
const clock: ToolDefinition = { name: 'get_time' }

describe('buildToolProtocol', () => {
  test('lists each tool as one compact JSON line, with an empty object schema when none was given', () => {
    const text = buildToolProtocol([weather, clock], { mode: 'auto' })
    const lines = text.split('\n')
    expect(lines).toContain('{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}')
    expect(lines).toContain('{"name":"get_time","parameters":{"type":"object","properties":{}}}')
  })

  test('states the exact block format, parallel calls and nothing after the last block', () => {
    const text = buildToolProtocol([weather], { mode: 'auto' })
    expect(text).toContain('```tool_call\n{"name": "TOOL_NAME", "arguments": {"ARGUMENT_NAME": "VALUE"}}\n```')
    expect(text).toContain('one block per call')
    expect(text).toContain('Write NOTHING after the last block')
    expect(text).toContain('answer normally in plain text')
    expect(text).not.toContain('MUST call')
  })

  test('required: must call one of the tools; a single allowed tool is named', () => {
    expect(buildToolProtocol([weather, clock], { mode: 'required' })).toContain('You MUST call at least one of the tools above')
    expect(buildToolProtocol([weather], { mode: 'required', allowedNames: ['get_weather'] })).toContain('You MUST call the tool "get_weather"')
  })

  test('the notice for tool choice none forbids blocks', () => {
    expect(toolsDisabledNotice).toContain('No tool may be called in this reply')
  })
})

describe('formatToolCallBlock', () => {
  test('writes the protocol block, which the parser reads back', () => {
    const block = formatToolCallBlock('get_weather', '{"city":"Paris"}')
    expect(block).toBe('```tool_call\n{"name":"get_weather","arguments":{"city":"Paris"}}\n```')
    const inner = block.slice('```tool_call\n'.length, -'\n```'.length)
    expect(parseToolCallBlock(inner, new Map([[weather.name, weather]]))).toEqual({ ok: true, name: 'get_weather', arguments: '{"city":"Paris"}' })
  })

  test('empty arguments become {}, arguments that are not JSON stay a string', () => {
    expect(formatToolCallBlock('get_time', '')).toBe('```tool_call\n{"name":"get_time","arguments":{}}\n```')
    expect(formatToolCallBlock('f', 'not json')).toBe('```tool_call\n{"name":"f","arguments":"not json"}\n```')
  })
})
