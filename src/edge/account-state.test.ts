import { describe, expect, it } from 'bun:test'
import type { AccountStatus } from '../backends/types.ts'
import { describeAccount } from './account-state.ts'

const base: AccountStatus = {
  id: 'work',
  state: 'ready',
  detail: null,
  fix: null,
  signedIn: true,
  ready: true,
  cookieNames: ['__Secure-1PSID', 'SIDCC'],
  lastGoodAt: null,
  lastRotationAt: '2026-12-01T10:00:00.000Z',
  lastRotationError: null,
  lastError: null,
  coolingDownUntil: null,
  modelCooldowns: {},
  predictedExpiry: null,
}

describe('describeAccount', () => {
  it('shows a ready account in good tone and lists its other fields', () => {
    expect(describeAccount(base)).toEqual({
      id: 'work',
      state: 'ready',
      tone: 'good',
      detail: null,
      fix: null,
      fields: [
        { label: 'cookie names', value: '__Secure-1PSID, SIDCC' },
        { label: 'last rotation at', value: '2026-12-01T10:00:00.000Z' },
      ],
    })
  })

  it("keeps the backend's state word, detail and fix, with a tone per state", () => {
    const signedOut = describeAccount({ ...base, state: 'signed-out', detail: 'signed-out page', fix: 'export fresh cookies', signedIn: false, ready: false })
    expect(signedOut).toMatchObject({ state: 'signed-out', tone: 'bad', detail: 'signed-out page', fix: 'export fresh cookies' })
    const cooling = describeAccount({ ...base, state: 'cooling', detail: 'model pro rests until 11:00', modelCooldowns: { pro: '2026-12-01T11:00:00.000Z' } })
    expect(cooling).toMatchObject({ tone: 'warn', detail: 'model pro rests until 11:00' })
    expect(cooling.fields).toContainEqual({ label: 'model cooldowns', value: 'pro until 2026-12-01T11:00:00.000Z' })
    expect(describeAccount({ ...base, state: 'device-bound' }).tone).toBe('bad')
    expect(describeAccount({ ...base, state: 'checking', signedIn: false, ready: false }).detail).toContain('not been confirmed')
  })

  it('summarises discovered models in one field', () => {
    const view = describeAccount({ ...base, models: { tier: 'free', source: 'page flag', discoveredAt: '2026-12-01T10:00:00.000Z', roles: { flash: 'fbb127bbb056c959' } } })
    expect(view.fields).toContainEqual({ label: 'models', value: 'free (page flag: flash fbb127bbb056c959)' })
  })
})
