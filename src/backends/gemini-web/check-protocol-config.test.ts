import { describe, expect, it } from 'bun:test'
import { findProtocolOverrideProblems, listTableSections } from './check-protocol-config.ts'
import { defaultProtocolData } from './protocol-data.ts'

const check = (override: unknown) => findProtocolOverrideProblems(override, defaultProtocolData)

describe('upstream.protocol overrides', () => {
  it('accept changed values and new table entries', () => {
    expect(check({})).toEqual([])
    expect(check({ models: { roles: { flash: { hex: { paid: 'abc' } } }, capacityRules: [{ tierFlag: 30, tier: 'paid', label: 'new', capacity: '5' }] } })).toEqual([])
    expect(check({ headers: { common: { 'x-new': '1' } }, request: { slotDefaults: { '99': [1, [2]] }, innerLength: 120 } })).toEqual([])
    expect(check({ bardErrors: { '1999': { kind: 'upstream_unavailable', scope: 'server', meaning: 'new' } }, session: { loginRedirects: ['x/'] } })).toEqual([])
  })

  it('refuse a misspelt setting, naming the ones that exist', () => {
    expect(check({ model: { roles: {} } })).toEqual([expect.stringContaining('"upstream.protocol.model" is not a protocol setting; the settings at the top of upstream.protocol are origins,')])
    expect(check({ request: { innerLenght: 99 } })).toEqual([expect.stringContaining('"upstream.protocol.request.innerLenght" is not a protocol setting; the settings under upstream.protocol.request are innerLength,')])
    expect(check({ models: { roles: { flash: { hexx: 'abc' } } } })).toEqual(['"upstream.protocol.models.roles.flash.hexx" is not a protocol setting; the settings under upstream.protocol.models.roles.flash are modeCategory, hex'])
    expect(check({ models: { roles: { fast: { hex: { free: 'abc' } } } } })).toEqual([expect.stringContaining('"upstream.protocol.models.roles.fast" is not a protocol setting; the settings under upstream.protocol.models.roles are flash, pro, flash-lite')])
  })

  it('refuse a value of the wrong type', () => {
    expect(check({ request: { innerLength: '97' } })).toEqual(['"upstream.protocol.request.innerLength" is a string ("97"); it must be a number, like the default'])
    expect(check({ models: { roles: { flash: 'abc' } } })).toEqual(['"upstream.protocol.models.roles.flash" is a string ("abc"); it must be a mapping, like the default'])
    expect(check({ bardErrors: { '1999': 'abc' } })).toEqual(['"upstream.protocol.bardErrors.1999" is a string; an entry of upstream.protocol.bardErrors must be a mapping'])
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
