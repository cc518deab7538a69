/**
 * One answer from the pool. An account that fails with a credential-scope error (signed out, a
 * limit of the account or of this model) BEFORE anything reached the caller is set aside and the
 * next account tries; once content has gone out, a failure reaches the caller in its format.
 * Warnings an account sends before its content (stream-start) are held until content comes, so
 * a failed account's warnings do not leak into another account's answer.
 */

import type { ProxyError } from '../../core/errors.ts'
import type { InternalRequest, StreamPart } from '../../core/ir.ts'
import type { ModelSpec } from '../../models/model-spec.ts'
import type { BackendCallContext } from '../types.ts'
import type { AccountPool } from './account-pool.ts'
import type { Account } from './accounts.ts'
import { mapThrown } from './map-error.ts'

export type ServeOptions = {
  pool: AccountPool
  request: InternalRequest
  model: ModelSpec
  call: BackendCallContext
  /** The account that owns the caller's conversation, tried first. */
  preferredAccount?: string
  checkSession(account: Account): Promise<void>
  answer(account: Account): AsyncIterable<StreamPart>
  onFailover(account: Account, error: ProxyError): void
}

export async function* serveWithFailover(options: ServeOptions): AsyncGenerator<StreamPart> {
  const { pool, model, call } = options
  const role = model.upstream.role
  const tried = new Set<string>()
  let lastError: ProxyError | null = null
  for (let attempt = 0; attempt <= pool.accounts.length; attempt++) {
    const account = await pool.next(role, tried, {
      checkSession: options.checkSession,
      onCheckFailed: (error) => {
        lastError = error
      },
      ...(options.preferredAccount ? { preferred: options.preferredAccount } : {}),
    })
    if (!account) break
    tried.add(account.id)
    const held: StreamPart[] = []
    let committed = false
    try {
      for await (const part of options.answer(account)) {
        if (!committed && part.type === 'stream-start') {
          held.push(part)
          continue
        }
        if (!committed) {
          committed = true
          yield* held
        }
        yield part
      }
      return
    } catch (thrown) {
      const error = mapThrown(thrown)
      // After content went out, or when the caller left, or when the request itself is at fault: no other account helps.
      if (committed || call.signal.aborted || error.scope !== 'credential') throw error
      lastError = error
      options.onFailover(account, error)
    }
  }
  throw pool.exhausted(role, lastError)
}
