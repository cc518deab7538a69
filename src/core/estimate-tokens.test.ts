import { describe, expect, it } from 'bun:test'
import { buildUsage, createUsageCounter, estimateRequestTokens, estimateTextTokens } from './estimate-tokens.ts'

describe('token estimates', () => {
  it('counts about four Latin characters per token and one per CJK character', () => {
    expect(estimateTextTokens('')).toBe(0)
    expect(estimateTextTokens('abcd')).toBe(1)
    expect(estimateTextTokens('abcde')).toBe(2)
    expect(estimateTextTokens('你好')).toBe(2)
    expect(estimateTextTokens('你好 ok')).toBe(3)
  })

  it('counts a request with system text, messages and a flat rate per attachment', () => {
    expect(estimateRequestTokens({
      task: 'chat', model: 'm', stream: false, generation: {}, systemInstruction: 'abcd',
      messages: [{ role: 'user', parts: [{ type: 'text', text: '你好' }, { type: 'image', source: { kind: 'url', url: 'https://x' } }] }],
    })).toBe(1 + 2 + 258)
  })

  it('gives the same usage counting deltas as estimating the joined text', () => {
    const deltas = ['Hel', 'lo, ', '世界', '! This is', ' a longer answer.']
    const thoughts = ['Think', 'ing 思考']
    const counter = createUsageCounter(7)
    for (const delta of deltas) counter.addText(delta)
    for (const delta of thoughts) counter.addThought(delta)
    counter.addImage()
    expect(counter.usage()).toEqual(buildUsage(7, deltas.join(''), thoughts.join(''), 1))
  })
})
