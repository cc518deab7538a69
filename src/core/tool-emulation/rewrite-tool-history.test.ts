import { describe, expect, test } from 'bun:test'
import type { Message } from '../ir.ts'
import { hasToolCallHistory, rewriteToolHistory } from './rewrite-tool-history.ts'

const history: Message[] = [
  { role: 'user', parts: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
  {
    role: 'assistant',
    parts: [
      { type: 'text', text: 'thinking', thought: true },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
  },
  { role: 'tool', parts: [{ type: 'tool-result', id: 'call_1', name: 'get_weather', content: '21C' }, { type: 'tool-result', id: 'call_2', name: 'get_weather', content: '25C' }] },
]

describe('rewriteToolHistory', () => {
  test('earlier calls become protocol blocks on their own lines; results and other messages are untouched', () => {
    const rewritten = rewriteToolHistory(history)
    expect(rewritten[0]).toBe(history[0]!)
    expect(rewritten[2]).toBe(history[2]!)
    expect(rewritten[1]!.parts).toEqual([
      { type: 'text', text: 'thinking', thought: true },
      { type: 'text', text: 'Checking.' },
      { type: 'text', text: '\n\n```tool_call\n{"name":"get_weather","arguments":{"city":"Paris"}}\n```' },
      { type: 'text', text: '\n\n```tool_call\n{"name":"get_weather","arguments":{"city":"Rome"}}\n```' },
    ])
    expect(history[1]!.parts[2]!.type).toBe('tool-call')
  })

  test('a call with no text before it starts without a blank line', () => {
    const rewritten = rewriteToolHistory([{ role: 'assistant', parts: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }] }])
    expect(rewritten[0]!.parts).toEqual([{ type: 'text', text: '```tool_call\n{"name":"f","arguments":{}}\n```' }])
  })

  test('hasToolCallHistory', () => {
    expect(hasToolCallHistory(history)).toBe(true)
    expect(hasToolCallHistory([history[0]!, history[2]!])).toBe(false)
  })
})
