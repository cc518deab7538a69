/**
 * Keys for "this caller's conversation so far", computed without keeping any text: a chain of
 * SHA-256 hashes, one per message, over a normalised form of each message (role, visible text,
 * tool calls by name and canonical arguments, tool results, attachments by a hash of their bytes).
 * The chain starts from the caller, the model, the system instruction and the tools, so a changed
 * system prompt, model or tool set starts a new conversation, and so does an edited earlier turn.
 */

import type { ContentPart, InternalRequest, Message } from '../core/ir.ts'

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)))
  } catch {
    return text.trim()
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]))
}

function normalisePart(part: ContentPart): unknown[] | null {
  switch (part.type) {
    case 'text':
      return part.thought || part.text.trim() === '' ? null : ['text', part.text.trim()]
    case 'tool-call':
      return ['call', part.name, canonicalJson(part.arguments)]
    case 'tool-result':
      return ['result', part.name, part.content.trim()]
    case 'image':
    case 'file':
      return [part.type, part.source.kind === 'bytes' ? Bun.hash(part.source.data).toString(16) : part.source.url]
  }
}

/** A message as the next request will carry it back: thoughts and whitespace do not count. */
export function normaliseMessage(message: Pick<Message, 'role' | 'parts'>): string {
  // Consecutive text parts are one text: clients merge or split them freely.
  const parts: unknown[][] = []
  for (const part of message.parts) {
    const normalised = normalisePart(part)
    if (!normalised) continue
    const previous = parts.at(-1)
    if (normalised[0] === 'text' && previous?.[0] === 'text') previous[1] = `${previous[1] as string}\n${normalised[1] as string}`
    else parts.push(normalised)
  }
  return JSON.stringify([message.role, parts])
}

function hash(text: string): string {
  return new Bun.CryptoHasher('sha256').update(text).digest('hex')
}

/** The chain's start: who asks, which model, which instructions and tools. */
export function conversationScope(caller: string, request: Pick<InternalRequest, 'model' | 'systemInstruction' | 'tools'>): string {
  const tools = (request.tools ?? []).map((tool) => [tool.name, tool.description ?? '', JSON.stringify(sortKeys(tool.parameters ?? null))])
  return hash(JSON.stringify([caller, request.model, request.systemInstruction ?? '', tools]))
}

/** keys[i] names the history made of the first i + 1 messages. */
export function historyKeys(scope: string, messages: readonly Pick<Message, 'role' | 'parts'>[]): string[] {
  const keys: string[] = []
  let previous = scope
  for (const message of messages) {
    previous = hash(previous + normaliseMessage(message))
    keys.push(previous)
  }
  return keys
}

/** The key of the history continued by one more message (the answer). */
export function extendKey(previous: string, message: Pick<Message, 'role' | 'parts'>): string {
  return hash(previous + normaliseMessage(message))
}
