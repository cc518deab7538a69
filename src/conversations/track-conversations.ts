/**
 * Continues upstream conversations instead of resending the whole history. Before the backend is
 * called, the longest known prefix of the request's history (for this caller and model) gives the
 * upstream conversation and how many messages it holds, so only the new turns go up; a Responses
 * `previous_response_id` names the conversation directly. After the answer, the history plus the
 * answer is remembered (as hashes) with what continues it, and so is the request id when the
 * format lets a caller name it later (`continuableById`).
 */

import { ProxyError } from '../core/errors.ts'
import type { InternalRequest, Message, StreamPart } from '../core/ir.ts'
import type { ConversationStore, StoredContinuation } from './conversation-store.ts'
import { conversationScope, extendKey, historyKeys } from './history-keys.ts'

export type ConversationTracker = {
  /** The request with its continuation, when one is known (and `fresh` is false). */
  prepare(request: InternalRequest, caller: string, fresh: boolean): Promise<InternalRequest>
  /** Passes the parts on and remembers the conversation once the answer is complete. */
  observe(parts: AsyncIterable<StreamPart>, request: InternalRequest, caller: string, requestId: string): AsyncIterable<StreamPart>
}

const requestKey = (requestId: string) => `request:${requestId}`

export function createConversationTracker(store: ConversationStore, onError: (error: unknown) => void = () => undefined): ConversationTracker {
  return {
    async prepare(request, caller, fresh) {
      if (request.previousRequestId) {
        const found = await store.findFirst([requestKey(request.previousRequestId)])
        if (!found) throw new ProxyError('invalid_request', `The previous response '${request.previousRequestId}' is unknown or expired here; send the whole conversation instead`, { param: 'previous_response_id' })
        return { ...request, continuation: { state: found.value.state, account: found.value.account, consumedMessages: 0, strict: true } }
      }
      if (fresh || request.task !== 'chat' || request.messages.length < 2) return request
      const keys = historyKeys(conversationScope(caller, request), request.messages)
      // The last message is the new turn: look for the longest earlier prefix that is known.
      const candidates = keys.slice(0, -1).reverse()
      const found = await store.findFirst(candidates).catch((error: unknown) => {
        onError(error)
        return null
      })
      if (!found) return request
      const consumedMessages = keys.indexOf(found.key) + 1
      return { ...request, continuation: { state: found.value.state, account: found.value.account, consumedMessages } }
    },

    async *observe(parts, request, caller, requestId) {
      let continuation: { state: unknown; account: string } | undefined
      let text = ''
      const calls: Message['parts'] = []
      let finished = false
      for await (const part of parts) {
        if (part.type === 'metadata' && part.metadata.continuation) continuation = part.metadata.continuation
        else if (part.type === 'text-delta') text += part.text
        else if (part.type === 'tool-call') calls.push({ type: 'tool-call', id: part.id, name: part.name, arguments: part.arguments })
        else if (part.type === 'finish') finished = true
        yield part
      }
      if (!finished || !continuation || request.task !== 'chat') return
      const answer: Message = { role: 'assistant', parts: [{ type: 'text', text }, ...calls] }
      // With previous_response_id the request holds only the new turns: only the id can continue it.
      const keys = request.previousRequestId ? [] : historyKeys(conversationScope(caller, request), request.messages)
      const last = keys.at(-1)
      const value: StoredContinuation = { state: continuation.state, account: continuation.account, consumedMessages: request.messages.length + 1 }
      try {
        if (last) await store.put(extendKey(last, answer), value)
        if (request.continuableById) await store.put(requestKey(requestId), { ...value, consumedMessages: 0 })
      } catch (error) {
        onError(error)
      }
    },
  }
}
