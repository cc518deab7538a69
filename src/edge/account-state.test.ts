import { describe, expect, it } from 'bun:test'
import type { AccountStatus } from '../backends/types.ts'
import { cookieFix, describeAccount, deviceBoundFix } from './account-state.ts'

const base: AccountStatus = { id: 'work', signedIn: true, ready: true, cookieNames: ['__Secure-1PSID', 'SIDCC'], lastRotationAt: '2026-12-01T10:00:00.000Z', lastRotationError: null, lastError: null, coolingDownUntil: null }

describe('describeAccount', () => {
  it('says a healthy account is signed in and lists its other fields', () => {
    expect(describeAccount(base)).toEqual({
      id: 'work', state: 'signed in', tone: 'good', detail: 'ready', fix: null,
      fields: [{ label: 'cookie names', value: '__Secure-1PSID, SIDCC' }, { label: 'last rotation at', value: '2026-12-01T10:00:00.000Z' }],
    })
  })

  it('gives the fix for expired cookies and for a cool-down', () => {
    const expired = describeAccount({ ...base, signedIn: false, ready: false, lastError: { kind: 'upstream_unauthenticated', message: 'The upstream asks the account to sign in again', at: '2026-12-01T10:00:00.000Z' } })
    expect(expired).toMatchObject({ state: 'expired or signed out', tone: 'bad', fix: cookieFix })
    const cooling = describeAccount({ ...base, ready: false, coolingDownUntil: '2026-12-01T11:00:00.000Z' })
    expect(cooling).toMatchObject({ state: 'cooling down', tone: 'warn', detail: 'until 2026-12-01T11:00:00.000Z' })
  })

  it('shows a state word the backend reports itself, with fields it adds', () => {
    // Fields a backend may add to its account status (a state word, a tier, discovered models).
    const reported: AccountStatus = Object.assign({ ...base, ready: false, signedIn: true }, { state: 'device-bound', stateDetail: 'RotateCookies answers 401', tier: 'free', discoveredModels: ['fast', 'pro'] })
    expect(describeAccount(reported)).toMatchObject({ state: 'device-bound', tone: 'bad', detail: 'RotateCookies answers 401', fix: deviceBoundFix })
    expect(describeAccount(reported).fields).toContainEqual({ label: 'discovered models', value: 'fast, pro' })
    expect(describeAccount(Object.assign({ ...reported }, { state: 'cooling model pro until 11:00', stateDetail: null })).tone).toBe('warn')
  })
})
