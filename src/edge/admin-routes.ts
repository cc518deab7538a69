/**
 * Operator routes: replace an account's cookies without a restart, force a rotation, and read
 * the models the account currently offers upstream. Every route passes the admin guard first
 * (ADMIN_KEY, or loopback only when no admin key is configured). Answers never echo a cookie.
 */

import type { AdminGuard } from '../access/index.ts'
import type { PlainRoute } from './plain-route.ts'
import { CookieImportError } from '../accounts/cookie-import/cookie-import-error.ts'
import { readCookieImport } from '../accounts/cookie-import/read-cookie-import.ts'
import { ProxyError } from '../core/errors.ts'
import { answerPlainError } from './answer-plain-error.ts'
import type { GeminiWebBackend } from '../backends/gemini-web/index.ts'
import type { BackendPlugin } from '../backends/types.ts'
import { jsonResponse } from '../lib/json-response.ts'

type OperatorBackend = Pick<GeminiWebBackend, 'replaceCookies' | 'rotateNow' | 'listUpstreamModels'>

function isOperatorBackend(backend: BackendPlugin | undefined): backend is BackendPlugin & OperatorBackend {
  return typeof (backend as Partial<OperatorBackend> | undefined)?.replaceCookies === 'function'
}

async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  try {
    const body = (await request.json()) as unknown
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>
  } catch {
    // fall through to the clear error below
  }
  throw new ProxyError('invalid_request', 'The body must be a JSON object')
}

/** Any cookie export (src/accounts/cookie-import/read-cookie-import.ts), as JSON or as the text of a file. */
function readCookies(value: unknown): Record<string, string> {
  try {
    return readCookieImport(value, '"cookies"', { requireSession: true }).cookies
  } catch (error) {
    if (error instanceof CookieImportError) throw new ProxyError('invalid_request', error.message, { param: 'cookies' })
    throw error
  }
}

export function createAdminRoutes(backend: BackendPlugin | undefined, guard: AdminGuard): PlainRoute[] {
  // Without an explicit account, operator calls address the first configured one.
  const accountOf = (body: Record<string, unknown>) => (typeof body.account === 'string' ? body.account : backend?.status().accounts[0]?.id ?? 'default')
  const guarded = (handle: (request: Request, operator: OperatorBackend) => Promise<Response>): PlainRoute['handle'] =>
    async (request, client) => {
      try {
        guard(request, client.address)
        if (!isOperatorBackend(backend)) throw new ProxyError('not_found', 'This backend has no operator functions')
        return await handle(request, backend)
      } catch (error) {
        return answerPlainError(error)
      }
    }
  return [
    {
      method: 'POST',
      path: '/api/admin/cookies',
      handle: guarded(async (request, operator) => {
        const body = await readJsonObject(request)
        const status = await operator.replaceCookies(accountOf(body), readCookies(body.cookies))
        return jsonResponse({ ok: true, account: status })
      }),
    },
    {
      method: 'POST',
      path: '/api/admin/rotate',
      handle: guarded(async (request, operator) => {
        const body = request.headers.get('content-length') === '0' || !request.body ? {} : await readJsonObject(request)
        await operator.rotateNow(accountOf(body))
        return jsonResponse({ ok: true })
      }),
    },
    {
      method: 'GET',
      path: '/api/admin/upstream-models',
      handle: guarded(async (request, operator) => {
        const account = new URL(request.url).searchParams.get('account') ?? undefined
        return jsonResponse(await operator.listUpstreamModels(account))
      }),
    },
  ]
}
