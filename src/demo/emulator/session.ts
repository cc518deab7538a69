/**
 * Who is calling: signed in, anonymous (no __Secure-1PSID) or rejected (a 1PSID the emulator does
 * not accept, or a stale 1PSIDTS when a test enforces rotation). Also issues and checks the
 * per-slot SNlM0e xsrf tokens the way Google binds them to an account slot.
 */

import { parseCookieHeader } from './cookies.ts'
import { createOpaqueValue } from './cookies.ts'
import { cookieNames } from './protocol-data.ts'
import type { EmulatorState } from './state.ts'
import { isLivePsidts, type DeviceBoundOptions } from './bound-session.ts'

export type Caller = 'signed-in' | 'anonymous' | 'rejected'

export type SessionOptions = { acceptedPsid?: string; deviceBound?: DeviceBoundOptions }

export function classifyCaller(request: Request, state: EmulatorState, options: SessionOptions): Caller {
  const cookies = parseCookieHeader(request.headers.get('cookie'))
  const psid = cookies.get(cookieNames.psid)
  if (psid === undefined || psid === '') return 'anonymous'
  if (options.acceptedPsid !== undefined && psid !== options.acceptedPsid) return 'rejected'
  if (options.deviceBound && !isLivePsidts(state, psid, cookies.get(cookieNames.psidts), options.deviceBound.psidtsLifetimeMs)) return 'rejected'
  if (state.enforcePsidts && state.currentPsidts !== null && cookies.get(cookieNames.psidts) !== state.currentPsidts) {
    return 'rejected'
  }
  return 'signed-in'
}

export function issueXsrfToken(state: EmulatorState, slot: number): string {
  state.xsrfSequence++
  const token = `${createOpaqueValue(28)}:${Date.now()}`
  state.xsrfTokens.set(token, { slot, sequence: state.xsrfSequence })
  return token
}

export type XsrfVerdict = 'ok' | 'missing' | 'invalid'

/** Checks the `at` field against the tokens issued for this slot. */
export function checkXsrfToken(state: EmulatorState, token: string | null, slot: number): XsrfVerdict {
  if (token === null || token === '') return 'missing'
  const issued = state.xsrfTokens.get(token)
  if (issued === undefined || issued.slot !== slot) return 'invalid'
  if (issued.sequence <= state.xsrfRevokedThrough) return 'invalid'
  return 'ok'
}

/** The account slot from a `/u/N/...` path prefix (0 without one). */
export function readAccountSlot(pathname: string): { slot: number; rest: string } {
  const match = /^\/u\/(\d{1,2})(\/.*)$/.exec(pathname)
  if (match === null) return { slot: 0, rest: pathname }
  return { slot: Number(match[1]), rest: match[2] ?? '/' }
}
