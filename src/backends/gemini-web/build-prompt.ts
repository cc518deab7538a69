/**
 * Turns an API request (system instruction, a whole history with roles, tool results,
 * attachments) into ONE prompt for the web app, which keeps its own conversations while API
 * callers resend the whole history on every call.
 *
 * Layout (when there is more than a single plain user message):
 *
 *     System instructions:
 *     <system instruction>
 *
 *     Conversation so far:
 *
 *     User: <text of the first user turn>
 *     [Attachment 1: photo.png]
 *
 *     Assistant: <text of the assistant turn>
 *     [Assistant called tool get_weather with {"city":"Paris"}]
 *
 *     Tool result (get_weather): <content>
 *
 *     Reply to the last user message:
 *
 *     User: <text of the last user turn>
 *
 * Turns keep their order; the last message stays last. Thought parts of earlier answers are not
 * resent. Attachments are collected in order, uploaded, and referenced by number in the turn
 * that carried them. A single user message without a system instruction goes through verbatim
 * (its attachments are still uploaded), which is what the web app itself would send.
 *
 * When an upstream conversation is continued (src/conversations/), only the messages it does not
 * hold yet are rendered.
 */

import type { BinarySource, InternalRequest, Message } from '../../core/ir.ts'

export type PendingAttachment = { source: BinarySource; filename?: string }

export type BuiltPrompt = { text: string; attachments: PendingAttachment[] }

const roleLabels: Record<Message['role'], string> = { user: 'User', assistant: 'Assistant', tool: 'Tool result' }

function renderMessage(message: Message, attachments: PendingAttachment[]): string {
  const lines: string[] = []
  let text = ''
  for (const part of message.parts) {
    if (part.type === 'text') {
      if (!part.thought) text += part.text
    } else if (part.type === 'image' || part.type === 'file') {
      attachments.push({ source: part.source, ...(part.filename ? { filename: part.filename } : {}) })
      lines.push(`[Attachment ${attachments.length}${part.filename ? `: ${part.filename}` : ''}]`)
    } else if (part.type === 'tool-call') {
      lines.push(`[Assistant called tool ${part.name} with ${part.arguments}]`)
    } else if (part.type === 'tool-result') {
      lines.push(`Tool result (${part.name}): ${part.content}`)
    }
  }
  const label = roleLabels[message.role]
  const body = [text, ...lines].filter((line) => line !== '').join('\n')
  if (message.role === 'tool') return body
  return `${label}: ${body}`
}

function isSinglePlainUserMessage(system: string | undefined, messages: Message[]): boolean {
  if (system || messages.length !== 1) return false
  const only = messages[0]
  return only !== undefined && only.role === 'user' && only.parts.every((part) => part.type === 'text' || part.type === 'image' || part.type === 'file')
}

/**
 * The prompt before it is joined: the system section, each earlier turn rendered, and the turn to
 * answer. `verbatim` is set for a single plain user message, which is sent exactly as typed.
 * src/backends/gemini-web/fit-prompt.ts moves pieces into a file when the whole is too long.
 */
export type PromptPieces = {
  verbatim?: string
  system?: string
  history: string[]
  last?: string
  attachments: PendingAttachment[]
}

/**
 * `consumedMessages` leading messages are already in the upstream conversation being continued;
 * so are the system instructions then (they went up with its first turn), and they are left out.
 */
export function buildPromptPieces(request: InternalRequest, consumedMessages = 0): PromptPieces {
  const messages = request.messages.slice(consumedMessages)
  const attachments: PendingAttachment[] = []
  const system = consumedMessages > 0 ? undefined : request.systemInstruction
  if (isSinglePlainUserMessage(system, messages)) {
    const only = messages[0] as Message
    let text = ''
    for (const part of only.parts) {
      if (part.type === 'text' && !part.thought) text += part.text
      else if (part.type === 'image' || part.type === 'file') attachments.push({ source: part.source, ...(part.filename ? { filename: part.filename } : {}) })
    }
    return { verbatim: text, history: [], attachments }
  }
  const last = messages.at(-1)
  const answered = last && last.role !== 'assistant' ? last : undefined
  const history = (answered ? messages.slice(0, -1) : messages).map((message) => renderMessage(message, attachments))
  return {
    ...(system ? { system } : {}),
    history,
    ...(answered ? { last: renderMessage(answered, attachments) } : {}),
    attachments,
  }
}

export const sectionHeadings = { system: 'System instructions:', history: 'Conversation so far:', last: 'Reply to the last user message:' } as const

/** The pieces in the layout described at the top of this file. */
export function joinPromptPieces(pieces: PromptPieces): string {
  if (pieces.verbatim !== undefined) return pieces.verbatim
  const sections: string[] = []
  if (pieces.system) sections.push(`${sectionHeadings.system}\n${pieces.system}`)
  if (pieces.history.length > 0) sections.push(sectionHeadings.history, ...pieces.history)
  if (pieces.last !== undefined) sections.push(sectionHeadings.last, pieces.last)
  return sections.join('\n\n')
}

export function buildPrompt(request: InternalRequest, consumedMessages = 0): BuiltPrompt {
  const pieces = buildPromptPieces(request, consumedMessages)
  return { text: joinPromptPieces(pieces), attachments: pieces.attachments }
}
