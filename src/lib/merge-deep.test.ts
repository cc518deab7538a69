import { describe, expect, test } from 'bun:test'
import { mergeDeep } from './merge-deep.ts'

describe('mergeDeep', () => {
  test('merges objects key by key; arrays and scalars replace; undefined keeps the base', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x', e: 5 }
    expect(mergeDeep<unknown>(base, { a: { c: [3] }, d: undefined, f: true })).toEqual({ a: { b: 1, c: [3] }, d: 'x', e: 5, f: true })
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x', e: 5 })
    expect(mergeDeep({ a: 1 }, undefined)).toEqual({ a: 1 })
    expect(mergeDeep<unknown>({ a: { b: 1 } }, { a: 'scalar' })).toEqual({ a: 'scalar' })
  })

  test('a __proto__ or constructor key is data, not a prototype', () => {
    const merged = mergeDeep<Record<string, unknown>>({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"x": 1}}'))
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect((merged as { polluted?: boolean }).polluted).toBeUndefined()
    expect(Object.hasOwn(merged, '__proto__')).toBe(true)
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
    expect(merged.constructor as unknown).toEqual({ x: 1 })
  })
})
