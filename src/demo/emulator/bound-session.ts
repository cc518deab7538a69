/**
 * Device-bound sessions, as Chrome's DBSC binds Google sessions since 2026: the short-lived
 * __Secure-1PSIDTS can only be renewed by the browser that holds the session's private key. In this
 * mode (`deviceBound` option) the app page carries a script that keeps an ECDSA key in the
 * browser's IndexedDB (not extractable), registers its public key for the __Secure-1PSID, and
 * renews 1PSIDTS by signing a challenge at `/RotateBoundCookies`. RotateCookies answers 401 (no
 * key, no renewal), and a 1PSIDTS older than `psidtsLifetimeMs` signs the caller out. Time is
 * compressed by the options, so hours of a real session fit in seconds of a test.
 */

import type { EmulatorContext } from './context.ts'
import { appendCookies, createOpaqueValue, createPsidtsCookies, createSidccCookies, parseCookieHeader } from './cookies.ts'
import { cookieNames } from './protocol-data.ts'
import type { EmulatorState } from './state.ts'

export const boundRotationPath = '/RotateBoundCookies'

export type DeviceBoundOptions = {
  /** How long one __Secure-1PSIDTS stays valid. */
  psidtsLifetimeMs: number
  /** How often the page's script renews it. */
  pageRefreshMs: number
}

/** Per __Secure-1PSID: the registered public key, and the 1PSIDTS values issued with their time. */
export type BoundSession = { key: CryptoKey | null; issued: Map<string, number> }

function sessionOf(state: EmulatorState, psid: string): BoundSession {
  let session = state.boundSessions.get(psid)
  if (!session) {
    session = { key: null, issued: new Map() }
    state.boundSessions.set(psid, session)
  }
  return session
}

/** Whether this 1PSIDTS is a live one for the 1PSID (the first one seen for a 1PSID starts its session). */
export function isLivePsidts(state: EmulatorState, psid: string, psidts: string | undefined, lifetimeMs: number): boolean {
  if (psidts === undefined || psidts === '') return false
  const session = sessionOf(state, psid)
  if (session.issued.size === 0) session.issued.set(psidts, Date.now())
  const issuedAt = session.issued.get(psidts)
  return issuedAt !== undefined && Date.now() - issuedAt < lifetimeMs
}

function answerJson(body: unknown, status = 200, headers = new Headers()): Response {
  headers.set('content-type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify(body), { status, headers })
}

/** GET: a fresh challenge. POST {challenge, signature, jwk}: a new 1PSIDTS for a valid signature. */
export async function handleBoundRotation(request: Request, context: EmulatorContext): Promise<Response> {
  const bound = context.options.deviceBound
  if (!bound) return new Response('Not Found', { status: 404 })
  const cookies = parseCookieHeader(request.headers.get('cookie'))
  const psid = cookies.get(cookieNames.psid)
  if (psid === undefined || psid === '') return answerJson({ error: 'no session' }, 401)
  if (request.method === 'GET') {
    const challenge = createOpaqueValue(32)
    context.state.boundChallenges.add(challenge)
    return answerJson({ challenge })
  }
  const body = (await request.json().catch(() => null)) as { challenge?: string; signature?: string; jwk?: JsonWebKey } | null
  if (!body?.challenge || !body.signature || !context.state.boundChallenges.delete(body.challenge)) return answerJson({ error: 'unknown challenge' }, 400)
  const session = sessionOf(context.state, psid)
  if (session.key === null) {
    // A key is bound only while the session is alive: a stolen, expired cookie cannot bind a new device.
    if (!body.jwk || !isLivePsidts(context.state, psid, cookies.get(cookieNames.psidts), bound.psidtsLifetimeMs)) return answerJson({ error: 'cannot bind' }, 401)
    session.key = await crypto.subtle.importKey('jwk', body.jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])
  }
  const signature = Uint8Array.from(atob(body.signature), (character) => character.charCodeAt(0))
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, session.key, signature, new TextEncoder().encode(body.challenge)).catch(() => false)
  if (!valid) return answerJson({ error: 'bad signature' }, 401)
  const psidts = `sidts-${createOpaqueValue(72)}`
  session.issued.set(psidts, Date.now())
  context.state.boundRotations++
  const headers = new Headers()
  appendCookies(headers, [...createPsidtsCookies(psidts), ...createSidccCookies()])
  return answerJson({ ok: true }, 200, headers)
}

/** The page's script: keeps the device key in IndexedDB and renews the session on a timer. */
export function renderBoundSessionScript(refreshMs: number): string {
  return `<script nonce="emulated">(async () => {
  const database = await new Promise((resolve, reject) => { const opening = indexedDB.open('emulated-bound-session', 1); opening.onupgradeneeded = () => opening.result.createObjectStore('keys'); opening.onsuccess = () => resolve(opening.result); opening.onerror = () => reject(opening.error) });
  const read = () => new Promise((resolve, reject) => { const query = database.transaction('keys').objectStore('keys').get('device'); query.onsuccess = () => resolve(query.result); query.onerror = () => reject(query.error) });
  const write = (value) => new Promise((resolve, reject) => { const transaction = database.transaction('keys', 'readwrite'); transaction.objectStore('keys').put(value, 'device'); transaction.oncomplete = () => resolve(); transaction.onerror = () => reject(transaction.error) });
  let pair = await read();
  if (!pair) { pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']); await write(pair) }
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const renew = async () => {
    const { challenge } = await (await fetch('${boundRotationPath}', { credentials: 'include' })).json();
    const signed = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, new TextEncoder().encode(challenge)));
    const response = await fetch('${boundRotationPath}', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge, signature: btoa(String.fromCharCode(...signed)), jwk }) });
    document.documentElement.dataset.boundRenewals = String(Number(document.documentElement.dataset.boundRenewals ?? 0) + (response.ok ? 1 : 0));
  };
  await renew().catch(() => undefined);
  setInterval(() => renew().catch(() => undefined), ${refreshMs});
})()</script>`
}
