import { describe, expect, test } from 'bun:test'
import type { InternalRequest, Message } from '../../core/ir.ts'
import { buildPrompt } from './build-prompt.ts'

function request(messages: Message[], systemInstruction?: string): InternalRequest {
  return { task: 'chat', model: 'gemini-2.5-flash', messages, generation: {}, stream: false, ...(systemInstruction ? { systemInstruction } : {}) }
}

const image = { kind: 'bytes' as const, data: new Uint8Array([1, 2, 3]), mimeType: 'image/png' }

describe('buildPrompt', () => {
  test('a single user message goes through verbatim', () => {
    expect(buildPrompt(request([{ role: 'user', parts: [{ type: 'text', text: '  Hello\nthere ' }] }]))).toEqual({ text: '  Hello\nthere ', attachments: [] })
  })

  test('a single user message keeps its attachments', () => {
    const built = buildPrompt(request([{ role: 'user', parts: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: image, filename: 'a.png' }] }]))
    expect(built.text).toBe('What is this?')
    expect(built.attachments).toEqual([{ source: image, filename: 'a.png' }])
  })

  test('system instruction, history, tool call and result, last user message last', () => {
    const built = buildPrompt(
      request(
        [
          { role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }, { type: 'image', source: image }] },
          { role: 'assistant', parts: [{ type: 'text', text: 'secret', thought: true }, { type: 'tool-call', id: 't1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
          { role: 'tool', parts: [{ type: 'tool-result', id: 't1', name: 'get_weather', content: 'sunny' }] },
          { role: 'user', parts: [{ type: 'text', text: 'And tomorrow?' }] },
        ],
        'Be brief.',
      ),
    )
    expect(built.text).toBe(
      [
        'System instructions:\nBe brief.',
        'Conversation so far:',
        'User: Weather in Paris?\n[Attachment 1]',
        'Assistant: [Assistant called tool get_weather with {"city":"Paris"}]',
        'Tool result (get_weather): sunny',
        'Reply to the last user message:',
        'User: And tomorrow?',
      ].join('\n\n'),
    )
    expect(built.attachments.length).toBe(1)
    expect(built.text).not.toContain('secret')
  })

  test('a system instruction with one message still uses the layout', () => {
    expect(buildPrompt(request([{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }], 'Answer in French.')).text).toBe('System instructions:\nAnswer in French.\n\nReply to the last user message:\n\nUser: Hi')
  })

  test('consumed messages (conversation reuse) are not rendered again', () => {
    const built = buildPrompt(request([{ role: 'user', parts: [{ type: 'text', text: 'one' }] }, { role: 'assistant', parts: [{ type: 'text', text: 'two' }] }, { role: 'user', parts: [{ type: 'text', text: 'three' }] }]), 2)
    expect(built.text).toBe('three')
  })
})
