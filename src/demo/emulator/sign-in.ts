/**
 * Google's sign-in page, as far as a first sign-in by hand needs it (`gemini-reverse accounts
 * login`): GET /ServiceLogin shows an e-mail and password form; POST signs in, sets the session
 * cookies (__Secure-1PSID derived from the e-mail, a fresh __Secure-1PSIDTS) and redirects to the
 * `continue` URL. Any password is accepted: the emulator checks the flow, not the credentials.
 */

import { appendCookies, createOpaqueValue, createPsidtsCookies, createSidccCookies } from './cookies.ts'
import { cookieNames, googleOrigins } from './protocol-data.ts'

export const signInPath = '/ServiceLogin'

/** The __Secure-1PSID the emulator gives an e-mail address (tests can predict it). */
export function psidForEmail(email: string): string {
  return `g.a000${Buffer.from(email.trim().toLowerCase()).toString('base64url')}`
}

function readContinue(url: URL): string {
  const target = url.searchParams.get('continue') ?? `${googleOrigins.gemini}/app`
  return target.startsWith('https://') ? target : `${googleOrigins.gemini}/app`
}

export async function handleSignIn(request: Request): Promise<Response> {
  const url = new URL(request.url)
  const target = readContinue(url)
  if (request.method === 'GET') {
    const action = `${signInPath}?continue=${encodeURIComponent(target)}`
    const page = `<!doctype html><html><head><meta charset="utf-8"><title>Sign in - Google Accounts</title></head><body><form method="post" action="${action}"><input id="identifierId" name="email" type="email" autocomplete="username"><input name="password" type="password" autocomplete="current-password"><button id="signIn" type="submit">Next</button></form></body></html>`
    return new Response(page, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } })
  }
  const form = new URLSearchParams(await request.text())
  const email = form.get('email') ?? ''
  if (!email.includes('@')) return new Response('<!doctype html><title>Couldn’t find your Google Account</title>', { status: 400, headers: { 'content-type': 'text/html' } })
  const headers = new Headers({ location: target })
  const domainCookie = (name: string, value: string) => `${name}=${value}; Domain=.google.com; Path=/; Max-Age=31536000; Secure; HttpOnly; SameSite=None`
  appendCookies(headers, [domainCookie(cookieNames.psid, psidForEmail(email)), ...createPsidtsCookies(`sidts-${createOpaqueValue(72)}`), ...createSidccCookies()])
  return new Response(null, { status: 302, headers })
}
