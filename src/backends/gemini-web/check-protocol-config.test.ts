import { describe, expect, it } from 'bun:test'
import { findProtocolOverrideProblems, listTableSections } from './check-protocol-config.ts'
import { defaultProtocolData } from './protocol-data.ts'

const check = (override: unknown) => findProtocolOverrideProblems(override, defaultProtocolData)

describe('upstream.protocol overrides', () => {
  it('accept changed values and new table entries', () => {
    expect(check({})).toEqual([])
    expect(check({ models: { fast: { hex: 'abc' }, brandnew: { hex: 'def', modeCategory: 1, headerTemplate: '[{hex}]' } } })).toEqual([])
    expect(check({ headers: { common: { 'x-new': '1' } }, request: { slotDefaults: { '99': [1, [2]] }, innerLength: 120 } })).toEqual([])
    expect(check({ bardErrors: { '1999': { kind: 'upstream_unavailable', scope: 'server', meaning: 'new' } }, session: { loginRedirects: ['x/'] } })).toEqual([])
  })

  it('refuse a misspelt setting, naming the ones that exist', () => {
    expect(check({ model: { fast: { hex: 'abc' } } })).toEqual([expect.stringContaining('"upstream.protocol.model" is not a protocol setting; the settings at the top of upstream.protocol are origins,')])
    expect(check({ request: { innerLenght: 99 } })).toEqual([expect.stringContaining('"upstream.protocol.request.innerLenght" is not a protocol setting; the settings under upstream.protocol.request are innerLength,')])
    expect(check({ models: { fast: { hexx: 'abc' } } })).toEqual(['"upstream.protocol.models.fast.hexx" is not a field of this entry; the fields are hex, modeCategory, headerTemplate'])
  })

  it('refuse a value of the wrong type', () => {
    expect(check({ request: { innerLength: '97' } })).toEqual(['"upstream.protocol.request.innerLength" is a string ("97"); it must be a number, like the default'])
    expect(check({ models: { fast: 'abc' } })).toEqual(['"upstream.protocol.models.fast" is a string; an entry of upstream.protocol.models must be a mapping'])
    expect(check({ headers: { common: { 'x-new': 1 } } })).toEqual([expect.stringContaining('"upstream.protocol.headers.common.x-new" is a number')])
    expect(check('fast')).toEqual(['"upstream.protocol" is a string; it must be a mapping'])
  })

  it('every table section exists in the defaults', () => {
    for (const path of listTableSections()) {
      const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], defaultProtocolData)
      expect(typeof value).toBe('object')
    }
  })
})
