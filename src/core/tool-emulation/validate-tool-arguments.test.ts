import { describe, expect, test } from 'bun:test'
import { validateToolArguments } from './validate-tool-arguments.ts'

const schema = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    days: { type: 'integer' },
    ratio: { type: 'number' },
    metric: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    filter: { type: 'object', properties: { deep: { type: 'string' } } },
    unit: { type: 'string', enum: ['c', 'f'] },
    note: { type: ['string', 'null'] },
    region: { type: 'STRING', nullable: true },
  },
  required: ['city'],
}

describe('validateToolArguments', () => {
  test('accepts matching values and leaves unlisted properties alone', () => {
    expect(validateToolArguments({ city: 'Paris', days: 3, ratio: 0.5, metric: true, tags: ['a'], filter: { deep: 1 }, unit: 'c', note: null, region: null, extra: 1 }, schema)).toBeNull()
  })

  test('the arguments must be an object', () => {
    expect(validateToolArguments([], schema)).toBe('"arguments" must be a JSON object, got array')
    expect(validateToolArguments('x', schema)).toBe('"arguments" must be a JSON object, got string')
    expect(validateToolArguments(null, undefined)).toBe('"arguments" must be a JSON object, got null')
  })

  test('required properties must be present', () => {
    expect(validateToolArguments({ days: 1 }, schema)).toBe('missing required argument "city"')
  })

  test('top-level types, upper-case Gemini types, type lists, nullable and enum are checked', () => {
    expect(validateToolArguments({ city: 1 }, schema)).toBe('argument "city" should be string, got integer')
    expect(validateToolArguments({ city: 'a', days: 2.5 }, schema)).toBe('argument "days" should be integer, got number')
    expect(validateToolArguments({ city: 'a', metric: 'yes' }, schema)).toBe('argument "metric" should be boolean, got string')
    expect(validateToolArguments({ city: 'a', tags: 'x' }, schema)).toBe('argument "tags" should be array, got string')
    expect(validateToolArguments({ city: 'a', filter: [] }, schema)).toBe('argument "filter" should be object, got array')
    expect(validateToolArguments({ city: 'a', note: 3 }, schema)).toBe('argument "note" should be string or null, got integer')
    expect(validateToolArguments({ city: 'a', region: 3 }, schema)).toBe('argument "region" should be STRING, got integer')
    expect(validateToolArguments({ city: 'a', unit: 'k' }, schema)).toBe('argument "unit" should be one of ["c","f"]')
  })

  test('nested schemas and unknown type words are not checked (documented limit); no schema accepts any object', () => {
    expect(validateToolArguments({ city: 'a', filter: { deep: 1 } }, schema)).toBeNull()
    expect(validateToolArguments({ a: 1 }, { type: 'object', properties: { a: { type: 'any' } } })).toBeNull()
    expect(validateToolArguments({ anything: true }, undefined)).toBeNull()
  })
})
