/**
 * Maps Anthropic's `system` and `messages` onto the internal history. Tool results, which
 * Anthropic carries in user turns, become a `tool` message placed before the rest of their turn,
 * so every backend sees them the way every other format sends them. `role: "system"` entries
 * inside `messages` (Claude Code sends its environment that way, as the last message) join the
 * system instruction, in order. Claude Code's first system block, an `x-anthropic-billing-header:`
 * line meant for Anthropic's billing, is not prompt text and is dropped.
 */

import type { ContentPart, Message } from '../../core/ir.ts'
import { decodeContent, type BlockContext } from './decode-content.ts'
import { invalidAnthropicField, type WireBlock, type WireMessage } from './wire-schema.ts'

export type DecodedHistory = { messages: Message[]; systemInstruction?: string }

const billingHeaderPrefix = 'x-anthropic-billing-header:'

/** The text of a system prompt or a system message: its text blocks; other blocks are reported as ignored. */
function decodeSystemTexts(content: string | readonly WireBlock[], field: string, context: BlockContext): string[] {
  const parts = decodeContent(content, field, context)
  const texts: string[] = []
  parts.forEach((part) => {
    if (part.type !== 'text') return
    if (part.text.startsWith(billingHeaderPrefix) || part.text.trim() === '') return
    texts.push(part.text)
  })
  return texts
}

function decodeUserTurn(parts: ContentPart[]): Message[] {
  const results = parts.filter((part) => part.type === 'tool-result')
  const rest = parts.filter((part) => part.type !== 'tool-result')
  const messages: Message[] = []
  if (results.length > 0) messages.push({ role: 'tool', parts: results })
  if (rest.length > 0) messages.push({ role: 'user', parts: rest })
  return messages
}

export function decodeHistory(system: string | readonly WireBlock[] | undefined, wireMessages: readonly WireMessage[], context: BlockContext): DecodedHistory {
  const systemTexts = system === undefined ? [] : decodeSystemTexts(system, 'system', context)
  const messages: Message[] = []
  wireMessages.forEach((message, index) => {
    const field = `messages[${index}]`
    const content = message.content as string | WireBlock[]
    switch (message.role) {
      case 'system':
        systemTexts.push(...decodeSystemTexts(content, `${field}.content`, context))
        break
      case 'user':
        messages.push(...decodeUserTurn(decodeContent(content, `${field}.content`, context)))
        break
      case 'assistant': {
        const parts = decodeContent(content, `${field}.content`, context)
        // A turn of thinking blocks alone leaves nothing the backend can take.
        if (parts.length > 0) messages.push({ role: 'assistant', parts })
        break
      }
      default:
        throw invalidAnthropicField(`${field}.role`, "Input should be 'user' or 'assistant'")
    }
  })
  if (messages.length === 0) throw invalidAnthropicField('messages', 'at least one user or assistant message with content is required')
  const history: DecodedHistory = { messages }
  if (systemTexts.length > 0) history.systemInstruction = systemTexts.join('\n\n')
  return history
}
