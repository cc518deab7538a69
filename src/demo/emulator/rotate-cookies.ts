/**
 * POST /RotateCookies (accounts.google.com): accepts the legacy `[000,"-0000000000000000000"]` and
 * the 2026 `[{"cookieName":"__Secure-1PSIDTS","refreshStrategy":"ROTATE"}]` bodies, issues a new
 * __Secure-1PSIDTS (+3PSIDTS, SIDCC family). Faults: no 1PSIDTS in the answer, 400 `er`, 401, 429.
 */

import type { EmulatorContext, RotationBodies } from './context.ts'
import { appendCookies, createOpaqueValue, createPsidtsCookies, createSidccCookies, parseCookieHeader } from './cookies.ts'
import { cookieNames, rotateBodies, xssiPrefix } from './protocol-data.ts'

function isAcceptedBody(text: string, accepted: RotationBodies): boolean {
  if (text.replace(/\s+/g, '') === rotateBodies.legacy) return accepted !== 'json-only'
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(rotateBodies.current) && accepted !== 'legacy-only'
  } catch {
    return false
  }
}

/** Clients that sent more than the two session cookies got 401 in 2026 (zexadev rotate.go). */
function sendsOnlySessionCookies(cookies: Map<string, string>): boolean {
  return [...cookies.keys()].every((name) => name === cookieNames.psid || name === cookieNames.psidts)
}

function createFailure(status: number): Response {
  if (status === 400) {
    const body = `${xssiPrefix}[["er",null,null,null,null,400,null,null,null,3],["di",12]]`
    return new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } })
  }
  return new Response(status === 429 ? 'Too Many Requests' : 'Unauthorized', { status, headers: { 'content-type': 'text/plain' } })
}

export async function handleRotateCookies(request: Request, context: EmulatorContext): Promise<Response> {
  const contentType = request.headers.get('content-type') ?? ''
  const text = await request.text()
  if (!contentType.toLowerCase().startsWith('application/json') || !isAcceptedBody(text, context.options.rotationBodies)) return createFailure(400)
  const statusFault = context.faults.take('rotation-status')
  if (statusFault !== undefined) return createFailure(statusFault.status ?? 401)
  // A device-bound session is renewed only with the device key (src/demo/emulator/bound-session.ts).
  if (context.options.deviceBound) return createFailure(401)
  const cookies = parseCookieHeader(request.headers.get('cookie'))
  const psid = cookies.get(cookieNames.psid)
  // A stale 1PSIDTS does not matter here: rotating is how a session revives (GW2A-AS rotate.go).
  const accepted = context.options.acceptedPsid === undefined || psid === context.options.acceptedPsid
  if (psid === undefined || psid === '' || !accepted || !sendsOnlySessionCookies(cookies)) {
    return createFailure(401)
  }
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' })
  if (context.faults.take('rotation-no-psidts') !== undefined) {
    // Observed since 2025: only __Secure-1PSIDCC comes back (HY#108, HY#153).
    appendCookies(headers, createSidccCookies().slice(1, 2))
  } else {
    const value = `sidts-${createOpaqueValue(72)}`
    context.state.currentPsidts = value
    context.state.rotations++
    appendCookies(headers, [...createPsidtsCookies(value), ...createSidccCookies()])
  }
  return new Response(`${xssiPrefix}[["identity.hfcr",600],["di",${100 + context.state.rotations}]]`, { status: 200, headers })
}
