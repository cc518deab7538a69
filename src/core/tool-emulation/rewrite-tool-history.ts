/**
 * Rewrites earlier tool calls in the history into the very block text the protocol asks the model
 * to write, so the model sees one consistent format for its own past calls and copies it. Tool
 * results stay as they are: the backend renders them as "Tool result (name): ...".
 */

import type { ContentPart, Message } from '../ir.ts'
import { formatToolCallBlock } from './build-tool-protocol.ts'

export function hasToolCallHistory(messages: readonly Message[]): boolean {
  return messages.some((message) => message.parts.some((part) => part.type === 'tool-call'))
}

function rewriteParts(parts: readonly ContentPart[]): ContentPart[] {
  let wroteText = false
  return parts.map((part) => {
    if (part.type === 'tool-call') {
      // The backend joins text parts with nothing between them; the blank line keeps each fence on its own line.
      const text = (wroteText ? '\n\n' : '') + formatToolCallBlock(part.name, part.arguments)
      wroteText = true
      return { type: 'text', text }
    }
    if (part.type === 'text' && !part.thought && part.text !== '') wroteText = true
    return part
  })
}

/** Returns new messages; messages without tool calls are kept as the same objects. */
export function rewriteToolHistory(messages: readonly Message[]): Message[] {
  return messages.map((message) => (message.parts.some((part) => part.type === 'tool-call') ? { ...message, parts: rewriteParts(message.parts) } : message))
}
