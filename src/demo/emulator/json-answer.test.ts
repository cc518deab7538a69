import { describe, expect, test } from 'bun:test'
import { answerAsJson, buildSchemaInstance } from './json-answer.ts'

describe('emulated JSON answers', () => {
  test("gemini-cli's router schema (upper-case types) gets a valid object", () => {
    const schema = { type: 'OBJECT', properties: { complexity_reasoning: { type: 'STRING' }, complexity_score: { type: 'INTEGER', minimum: 1, maximum: 100 } }, required: ['complexity_reasoning', 'complexity_score'] }
    expect(buildSchemaInstance(schema)).toEqual({ complexity_reasoning: 'emulated', complexity_score: 1 })
  })

  test('enums, arrays, nested objects, anyOf and nullable types', () => {
    expect(buildSchemaInstance({ type: 'object', properties: { mood: { enum: ['happy', 'sad'] }, tags: { type: 'array', items: { type: 'string' } }, size: { anyOf: [{ type: 'number', minimum: 3 }, { type: 'null' }] }, ok: { type: ['boolean', 'null'] } } })).toEqual({
      mood: 'happy',
      tags: ['emulated'],
      size: 3,
      ok: true,
    })
  })

  test('only prompts that ask for JSON get JSON', () => {
    const prompt = 'System instructions:\nReply with one JSON value and nothing else: no prose.\nIt must validate against this JSON Schema:\n```json\n{"type":"object","properties":{"a":{"type":"integer"}}}\n```\n\nhi'
    expect(answerAsJson(prompt, 'hi')).toBe('{"a":1}')
    expect(answerAsJson('Reply with one JSON value and nothing else.', 'x')).toBe('{"answer":"Emulated answer to: x"}')
    expect(answerAsJson('hello', 'hello')).toBeNull()
  })
})
