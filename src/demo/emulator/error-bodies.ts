/**
 * HTTP-level error answers of the `/_/BardChatUi/data/*` endpoints: the 400 `er` bodies (generic,
 * as for a bad f.sid or a malformed f.req, and the xsrf one carrying a fresh token) and the plain
 * HTML pages Google serves for 401/403/429/5xx.
 */

import { buildFramedBody, buildUnframedBody, createDiagnosticEntries } from './frame-writer.ts'

const jsonType = 'application/json; charset=utf-8'

function buildBody(entry: unknown[], framed: boolean): string {
  const frames = [[entry, ...createDiagnosticEntries()]]
  return framed ? buildFramedBody(frames) : buildUnframedBody(frames)
}

/** HTTP 400 with `[["er",null,null,null,null,400,null,null,null,3],…]` (the GSDK live capture). */
export function createBadRequestResponse(framed: boolean): Response {
  const entry = ['er', null, null, null, null, 400, null, null, null, 3]
  return new Response(buildBody(entry, framed), { status: 400, headers: { 'content-type': jsonType } })
}

/** HTTP 400 for a missing or stale `at`: the reason "xsrf" and a fresh token (GW2A-CJ xsrf.go). */
export function createXsrfResponse(framed: boolean, freshToken: string | null): Response {
  const reason = freshToken === null ? ['xsrf'] : ['xsrf', freshToken]
  const entry = ['er', null, null, null, null, 400, null, null, null, 3, [{ '48448350': reason }]]
  return new Response(buildBody(entry, framed), { status: 400, headers: { 'content-type': jsonType } })
}

const statusTexts: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** An HTML error page with the given status (302 sends Google's bot-check redirect). */
export function createStatusResponse(status: number, location?: string): Response {
  if (status >= 300 && status < 400) {
    return new Response(null, { status, headers: { location: location ?? 'https://www.google.com/sorry/index' } })
  }
  const text = statusTexts[status] ?? 'Error'
  const body = `<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error ${status} (${text})!!1</title><p><b>${status}.</b> <ins>That’s an error.</ins>`
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=UTF-8' } })
}
