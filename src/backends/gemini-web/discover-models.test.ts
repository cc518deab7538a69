import { describe, expect, test } from 'bun:test'
import { readTier, rolesFromModelList, rolesFromPageFlag } from './discover-models.ts'
import { defaultProtocolData as protocol } from './protocol-data.ts'
import { resolveUpstreamModel } from './resolve-upstream-model.ts'

describe('model discovery', () => {
  test('the tier and the header capacity follow from the otAQ7b flags, first rule first', () => {
    expect(readTier(protocol, [2, 20, 9, 38], [2, 140, 3])).toEqual({ tier: 'free', label: 'free', capacity: '1' })
    expect(readTier(protocol, [2, 8], [])).toEqual({ tier: 'paid', label: 'pro', capacity: '2' })
    expect(readTier(protocol, [], [115, 19])).toEqual({ tier: 'paid', label: 'plus', capacity: '4' })
    expect(readTier(protocol, [21, 8], [])).toMatchObject({ tier: 'paid', capacity: 'null,1' })
    // A guest (status 1016) has capability 19 too: that does not make it paid.
    expect(readTier(protocol, [2], [19, 3], 1016)).toEqual({ tier: 'free', label: 'free', capacity: '1' })
    expect(readTier(protocol, [2], [19, 3], 1000)).toMatchObject({ tier: 'paid', capacity: '2' })
  })

  test('roles come from the mode category of the listed models; the first of each wins', () => {
    const models = [
      { hex: 'aaaaaaaaaaaaaaaa', modeCategory: 6 },
      { hex: 'bbbbbbbbbbbbbbbb', modeCategory: 1 },
      { hex: 'cccccccccccccccc', modeCategory: 3 },
      { hex: 'dddddddddddddddd', modeCategory: 3 },
      { hex: 'eeeeeeeeeeeeeeee' },
    ]
    expect(rolesFromModelList(protocol, models)).toEqual({ 'flash-lite': 'aaaaaaaaaaaaaaaa', flash: 'bbbbbbbbbbbbbbbb', pro: 'cccccccccccccccc' })
  })

  test('the page flag lists the paid id first and the free one last', () => {
    const flag = 'thinking=e6fa609c3fa255c0,9d8ca3786ebdfbea;fast=56fdd199312815e2,fbb127bbb056c959'
    expect(rolesFromPageFlag(flag, 'paid')).toEqual({ pro: 'e6fa609c3fa255c0', flash: '56fdd199312815e2' })
    expect(rolesFromPageFlag(flag, 'free')).toEqual({ pro: '9d8ca3786ebdfbea', flash: 'fbb127bbb056c959' })
    expect(rolesFromPageFlag('something else', 'free')).toEqual({})
    expect(rolesFromPageFlag(undefined, 'free')).toEqual({})
  })

  test('a role resolves to the discovered id, else the table id of the tier; thinking and mode from data', () => {
    const discovered = { source: 'otAQ7b' as const, at: 0, tier: 'paid' as const, tierLabel: 'pro', capacity: '2', roles: { pro: '0123456789abcdef' }, models: [] }
    expect(resolveUpstreamModel(protocol, { discovered }, { role: 'pro', thinking: true })).toEqual({ hex: '0123456789abcdef', modeCategory: 3, capacity: '2', thinking: 2 })
    expect(resolveUpstreamModel(protocol, { discovered }, { role: 'flash' })).toEqual({ hex: '56fdd199312815e2', modeCategory: 1, capacity: '2', thinking: 1 })
    expect(resolveUpstreamModel(protocol, { discovered: null }, { role: 'flash-lite' })).toEqual({ hex: 'cf41b0e0dd7d53e5', modeCategory: 6, capacity: '1', thinking: 1 })
    expect(resolveUpstreamModel(protocol, { discovered: null }, { role: null })).toBeNull()
  })
})
