/**
 * Tries cookies before they replace anything: a throwaway account with its jar in a scratch
 * folder loads the app page with them. Only cookies that sign in are adopted; otherwise the caller
 * gets 422 with the reason, and the account's old cookies stay as they were.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProxyError } from '../../core/errors.ts'
import type { AccountConfig } from '../../config/schema.ts'
import { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { mapThrown } from './map-error.ts'
import { refreshSession } from './session.ts'

export async function checkCookiesSignIn(context: BackendContext, config: AccountConfig, cookies: Record<string, string>): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'gemini-reverse-candidate-'))
  try {
    const candidate = new Account(config, scratch)
    candidate.store.replaceWith(cookies)
    try {
      await refreshSession(context, candidate)
    } catch (thrown) {
      const error = mapThrown(thrown)
      throw new ProxyError('invalid_request', `These cookies do not sign in to Gemini: ${error.message}`, { status: 422, param: 'cookies', details: { reason: error.kind } })
    }
    if (candidate.signedIn !== true) throw new ProxyError('invalid_request', 'These cookies do not sign in to Gemini: the page is signed out', { status: 422, param: 'cookies' })
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
