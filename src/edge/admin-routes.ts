/**
 * Operator routes: accounts (list, add, replace cookies, check, remove — docs/accounts.md), the
 * older single-account cookie replacement, a forced rotation, and model discovery. Every route
 * passes the admin guard first (ADMIN_KEY, or loopback only when no admin key is configured).
 * Answers never echo a cookie.
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
import { readRequestBody } from '../pipeline/read-body.ts'

type OperatorBackend = Pick<GeminiWebBackend, 'addAccount' | 'replaceCookies' | 'removeAccount' | 'checkAccount' | 'rotateNow' | 'listUpstreamModels'>

function isOperatorBackend(backend: BackendPlugin | undefined): backend is BackendPlugin & OperatorBackend {
  return typeof (backend as Partial<OperatorBackend> | undefined)?.replaceCookies === 'function'
}

/** A HAR export of a signed-in session is a few MB; nothing an operator sends is larger. */
const adminBodyLimits = { maxBytes: 16 * 1024 * 1024, timeoutSeconds: 30 }

/** JSON only (415 otherwise): a cross-site form or text/plain post never reaches an operator route. */
async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const body = await readRequestBody(request, adminBodyLimits)
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>
  throw new ProxyError('invalid_request', 'The body must be a JSON object')
}

/** Any cookie export (src/accounts/cookie-import/read-cookie-import.ts), as JSON or as the text of a file. */
function readCookies(value: unknown): Record<string, string> {
  if (value === undefined || value === null) throw new ProxyError('invalid_request', '"cookies" is required: a cookie export (cookies.txt text, a JSON export, or {"__Secure-1PSID": …})', { param: 'cookies' })
  try {
    return readCookieImport(value, '"cookies"', { requireSession: true }).cookies
  } catch (error) {
    if (error instanceof CookieImportError) throw new ProxyError('invalid_request', error.message, { param: 'cookies' })
    throw error
  }
}

/** The account id in `/api/admin/accounts/{id}[/…]`. */
function accountIdOf(request: Request): string {
  const id = decodeURIComponent(new URL(request.url).pathname.split('/')[4] ?? '')
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new ProxyError('invalid_request', 'The account id in the path is not valid', { param: 'id' })
  return id
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ProxyError('invalid_request', `"${field}" must be a string`, { param: field })
  return value
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
      method: 'GET',
      path: '/api/admin/accounts',
      handle: guarded(async () => jsonResponse({ accounts: backend?.status().accounts ?? [] })),
    },
    {
      method: 'POST',
      path: '/api/admin/accounts',
      handle: guarded(async (request, operator) => {
        const body = await readJsonObject(request)
        const index = body.accountIndex
        if (index !== undefined && (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 9)) throw new ProxyError('invalid_request', '"accountIndex" must be an integer from 0 to 9', { param: 'accountIndex' })
        const id = optionalString(body, 'id')
        const proxy = optionalString(body, 'proxy')
        if (proxy !== undefined && !/^(https?|socks5h?):\/\//.test(proxy)) throw new ProxyError('invalid_request', '"proxy" must be an http(s):// or socks5:// URL', { param: 'proxy' })
        const status = await operator.addAccount({ cookies: readCookies(body.cookies), ...(id ? { id } : {}), ...(index !== undefined ? { accountIndex: index as number } : {}), ...(proxy ? { proxy } : {}) })
        return jsonResponse({ ok: true, account: status }, 201)
      }),
    },
    {
      method: 'PUT',
      path: '/api/admin/accounts/:id/cookies',
      handle: guarded(async (request, operator) => {
        const body = await readJsonObject(request)
        return jsonResponse({ ok: true, account: await operator.replaceCookies(accountIdOf(request), readCookies(body.cookies)) })
      }),
    },
    {
      method: 'POST',
      path: '/api/admin/accounts/:id/check',
      handle: guarded(async (request, operator) => jsonResponse({ ok: true, account: await operator.checkAccount(accountIdOf(request)) })),
    },
    {
      method: 'DELETE',
      path: '/api/admin/accounts/:id',
      handle: guarded(async (request, operator) => {
        await operator.removeAccount(accountIdOf(request))
        return jsonResponse({ ok: true })
      }),
    },
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
