/**
 * POST …/batchexecute: checks the form (`at`, `f.req` = [[[rpcid, payload, null, identifier], …]]
 * matching the `rpcids` query) and answers one `wrb.fr` envelope per call: `otAQ7b` with the
 * account status and model list (shaped like the 2026-08 capture), `"[]"` for any other id.
 */

import type { EmulatorContext } from './context.ts'
import { appendCookies, createSidccCookies } from './cookies.ts'
import { createBadRequestResponse, createStatusResponse, createXsrfResponse } from './error-bodies.ts'
import { buildFramedBody, buildUnframedBody, createDiagnosticEntries } from './frame-writer.ts'
import { accountFlags, accountStatus, offeredModels, redirectTargets, wizDefaults } from './protocol-data.ts'
import { checkXsrfToken, classifyCaller, issueXsrfToken, type Caller } from './session.ts'

const iconBase = 'https://fonts.gstatic.com/s/i/short-term/release/googlesymbols'

/** The otAQ7b payload: [14] status, [15] models offered to the account's tier, [16] tier flags, [17] capability flags. */
function buildUserStatusPayload(caller: Caller, context: EmulatorContext): unknown[] {
  const { tierFlags, capabilityFlags: capabilityList } = accountFlags[context.options.tier]
  const listed = offeredModels[context.options.modelGeneration][context.options.tier]
  const entries = listed.map((model) => [
    model.hex, model.shortName, model.description, capabilityList, 1, null, [], true, '', 1,
    model.shortName, model.displayName, model.description, null, null, true, '', model.mode,
    [`${iconBase}/bolt/default/24px.svg`, true], model.displayName,
  ])
  const status = caller === 'signed-in' ? accountStatus.available : accountStatus.unauthenticated
  return [6, [false, null, false], true, null, null, null, false, null, null, null, null, null, false, false, status, entries, tierFlags, capabilityList, '']
}

type Call = { rpcId: string; identifier: string }

function readCalls(freq: string | null): Call[] | null {
  if (freq === null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(freq)
  } catch {
    return null
  }
  const list = Array.isArray(parsed) ? parsed[0] : undefined
  if (!Array.isArray(list) || list.length === 0) return null
  const calls: Call[] = []
  for (const call of list) {
    if (!Array.isArray(call) || typeof call[0] !== 'string' || typeof call[1] !== 'string') return null
    try {
      JSON.parse(call[1])
    } catch {
      return null
    }
    calls.push({ rpcId: call[0], identifier: typeof call[3] === 'string' ? call[3] : 'generic' })
  }
  return calls
}

export async function handleBatchExecute(request: Request, context: EmulatorContext, slot: number): Promise<Response> {
  const url = new URL(request.url)
  const framed = url.searchParams.get('rt') === 'c'
  const statusFault = context.faults.take('generate-http-status')
  if (statusFault !== undefined) return createStatusResponse(statusFault.status ?? 500, redirectTargets.sorry)
  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return createBadRequestResponse(framed)
  const form = new URLSearchParams(await request.text())
  const calls = readCalls(form.get('f.req'))
  const rpcIds = url.searchParams.get('rpcids')
  if (calls === null || rpcIds === null || rpcIds !== calls.map((call) => call.rpcId).join(',')) return createBadRequestResponse(framed)
  const sessionId = url.searchParams.get('f.sid')
  if (sessionId !== null && sessionId !== wizDefaults.sessionId) return createBadRequestResponse(framed)

  const caller = classifyCaller(request, context.state, context.options)
  if (caller === 'rejected') return new Response('Unauthorized', { status: 401 })
  if (caller === 'signed-in' && context.options.xsrf !== 'absent-from-page') {
    const verdict = checkXsrfToken(context.state, form.get('at'), slot)
    if (verdict === 'invalid' || (verdict === 'missing' && context.options.xsrf === 'required')) {
      return createXsrfResponse(framed, issueXsrfToken(context.state, slot))
    }
  }

  const envelopes = calls.map((call) => {
    const payload = call.rpcId === 'otAQ7b' ? JSON.stringify(buildUserStatusPayload(caller, context)) : '[]'
    return ['wrb.fr', call.rpcId, payload, null, null, null, call.identifier]
  })
  const frames = [envelopes, createDiagnosticEntries()]
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' })
  if (caller === 'signed-in') appendCookies(headers, createSidccCookies())
  return new Response(framed ? buildFramedBody(frames) : buildUnframedBody(frames), { status: 200, headers })
}
