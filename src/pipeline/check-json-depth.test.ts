import { describe, expect, it } from 'bun:test'
import { findTooDeepPath } from './check-json-depth.ts'

function nest(levels: number): unknown {
  let value: unknown = 'leaf'
  for (let level = 0; level < levels; level++) value = { properties: { a: value } }
  return value
}

describe('findTooDeepPath', () => {
  it('passes bodies within the cap, however wide', () => {
    expect(findTooDeepPath({ messages: Array.from({ length: 5000 }, () => ({ role: 'user', content: [{ type: 'text', text: 'x' }] })) })).toBeNull()
    expect(findTooDeepPath(nest(31))).toBeNull()
    expect(findTooDeepPath(null)).toBeNull()
  })

  it('names where a body nests too deep, without overflowing on 100,000 levels', () => {
    const path = findTooDeepPath({ tools: [{ function: { parameters: nest(100_000) } }] })
    expect(path).toStartWith('tools[0].function.parameters.properties.a.properties.a')
    expect(path!.length).toBeLessThanOrEqual(121)
    expect(findTooDeepPath(JSON.parse('['.repeat(70) + ']'.repeat(70)))).toBe(`${'[0]'.repeat(39)}…`)
    expect(findTooDeepPath({ 'odd key': [[[]]] }, 2)).toBe('["odd key"][0]')
  })
})
