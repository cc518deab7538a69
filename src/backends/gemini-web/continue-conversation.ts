/**
 * What this backend keeps to continue an upstream conversation (src/conversations/ stores it
 * without looking inside): the ids of the last answer, its context token, the turn count, and the
 * upstream model it was held with. A stored state is used only by the account that owns it and for
 * the same upstream model; anything else starts a new conversation with the whole history, except
 * a continuation whose earlier turns are not in the request (previous_response_id), which fails
 * clearly instead.
 */

import { ProxyError } from '../../core/errors.ts'
import type { Continuation } from '../../core/ir.ts'
import type { Account } from './accounts.ts'
import type { ConversationMetadata } from './build-request.ts'

export type ContinuationState = ConversationMetadata & { model: string | null; turnIndex: number }

function isContinuationState(value: unknown): value is ContinuationState {
  const state = value as Partial<ContinuationState> | null
  return typeof state?.conversationId === 'string' && typeof state.responseId === 'string' && typeof state.responseCandidateId === 'string' && typeof state.turnIndex === 'number'
}

export function readContinuation(continuation: Continuation | undefined, account: Account, model: string | null): { metadata: ContinuationState; consumedMessages: number } | null {
  if (!continuation) return null
  const usable = continuation.account === account.id && isContinuationState(continuation.state) && continuation.state.model === model
  if (usable) return { metadata: continuation.state as ContinuationState, consumedMessages: continuation.consumedMessages }
  if (continuation.strict) {
    throw new ProxyError('invalid_request', 'The previous response cannot be continued now (its account is unavailable or the model differs); send the whole conversation instead', { param: 'previous_response_id' })
  }
  return null
}
