/**
 * Where continuations are kept: a key (a hash of a caller's conversation so far, or a request id)
 * to what continues that conversation upstream. Never message text: keys are hashes and values
 * are the backend's ids. Bounded by count and age; SQLite under DATA_DIR by default (survives
 * restarts), Redis when several instances share one (src/conversations/create-conversation-store.ts).
 */

export type StoredContinuation = {
  state: unknown
  account: string
  /** Leading messages of the keyed history the upstream conversation holds. */
  consumedMessages: number
}

export interface ConversationStore {
  /** The first key (in the order given) that is stored, with its value. */
  findFirst(keys: readonly string[]): Promise<{ key: string; value: StoredContinuation } | null>
  put(key: string, value: StoredContinuation): Promise<void>
  close(): Promise<void>
}
