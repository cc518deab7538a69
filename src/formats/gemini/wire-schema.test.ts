import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import { joinParam } from '../shared/check-wire-value.ts'
import { assertWireShape, GenerateContentRequestSchema } from './wire-schema.ts'

describe('wire schema', () => {
  test('formats JSON pointers the way Google names fields', () => {
    expect(joinParam('', '/contents/0/parts/12/inlineData/data')).toBe('contents[0].parts[12].inlineData.data')
    expect(joinParam('', '')).toBe('')
  })

  test('lets unknown fields through and names the deepest bad field', () => {
    expect(() => assertWireShape(GenerateContentRequestSchema, { contents: [{ parts: [{ text: 'x', videoMetadata: {} }] }], speechConfig: {}, generationConfig: { mediaResolution: 'LOW' } })).not.toThrow()
    try {
      assertWireShape(GenerateContentRequestSchema, { contents: [{ parts: [{ text: 5 }] }] })
      throw new Error('expected a failure')
    } catch (error) {
      expect(error).toBeInstanceOf(ProxyError)
      expect((error as ProxyError).message).toContain('contents[0].parts[0].text')
      expect((error as ProxyError).status).toBe(400)
    }
    expect(() => assertWireShape(GenerateContentRequestSchema, 'text')).toThrow('must be a JSON object')
  })
})
