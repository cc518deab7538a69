import { describe, expect, it } from 'bun:test'
import { composeDemoAnswer, readLastUserTurn } from './demo-answers.ts'

describe('demo answers', () => {
  it('answer the newest user turn, never the internal prompt', () => {
    const prompt = 'System instructions:\nBe brief.\n\nConversation so far:\n\nUser: hi\n\nAssistant: hello\n\nReply to the last user message:\n\nUser: What is 17*23?'
    expect(readLastUserTurn(prompt)).toBe('What is 17*23?')
    expect(composeDemoAnswer(prompt, false).text).toBe('17 × 23 = 391.')
  })

  it('read naturally for the README prompts', () => {
    expect(composeDemoAnswer('Count to five', false).text).toBe('1, 2, 3, 4, 5.')
    expect(composeDemoAnswer('Say hello', false).text).toStartWith('Hello! This is the gemini-reverse demo')
    expect(composeDemoAnswer('你好', false).text).toStartWith('你好！这是 gemini-reverse 的演示模式')
    expect(composeDemoAnswer('a cat', true).text).toBe('Here is a demo picture for "a cat". With real cookies, Gemini draws it for you.')
    expect(composeDemoAnswer('How many tokens is this?', false).text).toContain('"How many tokens is this?"')
    expect(composeDemoAnswer('x'.repeat(500), false).text).toContain(`${'x'.repeat(80)}…`)
  })

  it('say what a tool answered when the newest turn is a tool result', () => {
    const prompt = 'Conversation so far:\n\nUser: Use get_weather for `Paris`\n\nAssistant: [Assistant called tool get_weather with {"city":"Paris"}]\n\nReply to the last user message:\n\nTool result (get_weather): sunny, 21 °C'
    expect(composeDemoAnswer(prompt, false).text).toBe('The tool get_weather answered: "sunny, 21 °C". With your Gemini cookies, Gemini reads the result and answers here.')
  })
})
