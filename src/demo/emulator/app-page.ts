/**
 * GET /app and /u/N/app: the HTML page whose inline `window.WIZ_global_data` holds the tokens the
 * client scrapes (SNlM0e, cfb2h, FdrFJe, TuX5cc, qKIAYe, S06Grb). Also GET / (the www.google.com
 * preflight that hands out NID/AEC). Faults: signed-out page, no SNlM0e, 302s, HTTP statuses.
 */

import type { EmulatorContext } from './context.ts'
import { appendCookies, createPreflightCookies, createSidccCookies } from './cookies.ts'
import { offeredModels, pageModelFlagKey, redirectTargets, wizDefaults } from './protocol-data.ts'
import { classifyCaller, issueXsrfToken } from './session.ts'
import { renderBoundSessionScript } from './bound-session.ts'

function renderPage(wiz: Record<string, unknown>, extraScript = ''): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gemini</title>' +
    `<script nonce="emulated">window.WIZ_global_data = ${JSON.stringify(wiz)};</script>` +
    extraScript +
    '</head><body><chat-app></chat-app></body></html>'
  )
}

/** `thinking=<paid pro>,<free pro>;fast=<paid flash>,<free flash>` for the emulated generation. */
function buildModelFlag(context: EmulatorContext): string {
  const tiers = offeredModels[context.options.modelGeneration]
  const idOf = (tier: 'free' | 'paid', mode: number) => tiers[tier].find((model) => model.mode === mode)?.hex ?? ''
  return `thinking=${idOf('paid', 3)},${idOf('free', 3)};fast=${idOf('paid', 1)},${idOf('free', 1)}`
}

function createRedirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, 'content-type': 'text/html; charset=UTF-8' } })
}

/** The redirect fault that is armed, if any (login, bot check, consent). */
function takeRedirectFault(context: EmulatorContext): Response | null {
  if (!context.faults.anyArmed) return null
  if (context.faults.take('redirect-login')) return createRedirect(redirectTargets.login)
  if (context.faults.take('redirect-sorry')) return createRedirect(redirectTargets.sorry)
  if (context.faults.take('redirect-consent')) return createRedirect(redirectTargets.consent)
  return null
}

export function handleAppPage(request: Request, context: EmulatorContext, slot: number): Response {
  const redirect = takeRedirectFault(context)
  if (redirect !== null) return redirect
  const statusFault = context.faults.take('app-http-status')
  if (statusFault !== undefined) {
    const status = statusFault.status ?? 502
    return new Response(`<!doctype html><title>Error ${status}</title>`, { status, headers: { 'content-type': 'text/html' } })
  }
  const caller = classifyCaller(request, context.state, context.options)
  const signedOut = caller !== 'signed-in' || context.faults.take('signed-out-page') !== undefined
  const wiz: Record<string, unknown> = {
    cfb2h: wizDefaults.buildLabel,
    FdrFJe: wizDefaults.sessionId,
    TuX5cc: wizDefaults.language,
    qKIAYe: wizDefaults.pushId,
    KnDnFf: wizDefaults.pushId,
    h1eoVe: wizDefaults.uploadBase,
  }
  if (signedOut) {
    wiz.S06Grb = ''
  } else {
    const hideToken = context.options.xsrf === 'absent-from-page' || context.faults.take('no-snlm0e') !== undefined
    if (!hideToken) wiz.SNlM0e = issueXsrfToken(context.state, slot)
    wiz.S06Grb = wizDefaults.userId
    wiz.W3Yyqf = wizDefaults.userId
    wiz.oPEP7c = wizDefaults.email
    wiz[pageModelFlagKey] = buildModelFlag(context)
  }
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' })
  if (caller === 'signed-in') appendCookies(headers, createSidccCookies())
  // Device-bound: the page renews its own session, even one whose 1PSIDTS has just expired.
  const bound = context.options.deviceBound && caller !== 'anonymous' ? renderBoundSessionScript(context.options.deviceBound.pageRefreshMs) : ''
  return new Response(renderPage(wiz, bound), { status: 200, headers })
}

export function handlePreflight(): Response {
  const headers = new Headers({ 'content-type': 'text/html; charset=ISO-8859-1' })
  appendCookies(headers, createPreflightCookies())
  return new Response('<!doctype html><html><head><title>Google</title></head><body></body></html>', { status: 200, headers })
}
