import { describe, expect, test } from 'bun:test'
import type { Message } from '../core/ir.ts'
import { conversationScope, extendKey, historyKeys, normaliseMessage } from './history-keys.ts'

const request = { model: 'gemini-2.5-flash', systemInstruction: 'Be brief.' }
const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] })

describe('history keys', () => {
  test('whitespace, thoughts, split text parts and tool-call ids do not matter; argument key order does not either', () => {
    const answer: Message = { role: 'assistant', parts: [{ type: 'text', text: 'Let me ' }, { type: 'text', text: 'check. ' }, { type: 'text', text: 'hmm', thought: true }, { type: 'tool-call', id: 'call_1', name: 'f', arguments: '{"b":1,"a":2}' }] }
    const echoed: Message = { role: 'assistant', parts: [{ type: 'text', text: 'Let me\ncheck.' }, { type: 'tool-call', id: 'call_other', name: 'f', arguments: '{"a":2,"b":1}' }] }
    expect(normaliseMessage(answer)).toBe(normaliseMessage(echoed))
  })

  test("a history extended by the answer has the key of the next request's prefix", () => {
    const scope = conversationScope('client-a', request)
    const answer: Message = { role: 'assistant', parts: [{ type: 'text', text: 'Hello!' }] }
    const first = historyKeys(scope, [user('hi')])
    const next = historyKeys(scope, [user('hi'), answer, user('how are you?')])
    expect(extendKey(first[0]!, answer)).toBe(next[1]!)
  })

  test('another caller, model, system prompt or tool set, or an edited turn, gives other keys', () => {
    const keys = (caller: string, changes: object = {}, text = 'hi') => historyKeys(conversationScope(caller, { ...request, ...changes }), [user(text)])[0]
    const base = keys('client-a')
    expect(keys('client-b')).not.toBe(base)
    expect(keys('client-a', { model: 'gemini-2.5-pro' })).not.toBe(base)
    expect(keys('client-a', { systemInstruction: 'Be long.' })).not.toBe(base)
    expect(keys('client-a', { tools: [{ name: 'f' }] })).not.toBe(base)
    expect(keys('client-a', {}, 'hi!')).not.toBe(base)
    expect(keys('client-a')).toBe(base)
  })
})
