/**
 * Maps the Responses `input` (a string or a list of items) onto the internal history. System and
 * developer messages join `instructions` in the system instruction. A `function_call` item joins
 * the assistant turn right before it (the Responses API splits one assistant turn into a message
 * item and call items; the internal history keeps them as one turn, as chat does). Items that
 * point at state OpenAI would have stored (`item_reference`) are refused: this server stores
 * nothing, so the client must send the full conversation with `store: false`.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { Message } from '../../../core/ir.ts'
import { assertWireValue, invalidField } from '../../shared/check-wire-value.ts'
import { decodeTextContent, decodeUserContent } from './decode-content.ts'
import { FunctionCallItemSchema, FunctionCallOutputItemSchema, MessageItemSchema, TextPartSchema } from './wire-schema.ts'

export type DecodedInput = { systemTexts: string[]; messages: Message[] }

export const nothingStoredAdvice = 'this server stores no responses or items; send the whole conversation in `input` and set `store: false` (in the AI SDK: providerOptions.openai.store = false)'

/** The text of a function_call_output: a string, or input_text parts. */
function decodeToolOutput(output: string | ReadonlyArray<{ type: string }>, param: string): string {
  if (typeof output === 'string') return output
  return output
    .map((part, index) => {
      const partParam = `${param}[${index}]`
      if (part.type !== 'input_text') throw invalidField(`${partParam}.type`, `only input_text parts can be sent back as a tool result, not '${String(part.type).slice(0, 32)}'`)
      assertWireValue(TextPartSchema, part, partParam)
      return part.text
    })
    .join('')
}

type HistoryBuilder = DecodedInput & { callNames: Map<string, string> }

function decodeMessage(value: unknown, param: string, history: HistoryBuilder): void {
  assertWireValue(MessageItemSchema, value, param)
  const contentParam = `${param}.content`
  switch (value.role) {
    case 'system':
    case 'developer': {
      const text = decodeTextContent(value.content, contentParam)
      if (text) history.systemTexts.push(text)
      return
    }
    case 'user':
      history.messages.push({ role: 'user', parts: decodeUserContent(value.content, contentParam) })
      return
    case 'assistant': {
      const text = decodeTextContent(value.content, contentParam)
      history.messages.push({ role: 'assistant', parts: text ? [{ type: 'text', text }] : [] })
      return
    }
    default:
      throw invalidField(`${param}.role`, `unknown role '${String(value.role).slice(0, 32)}'; expected user, assistant, system or developer`)
  }
}

function decodeFunctionCall(value: unknown, param: string, history: HistoryBuilder): void {
  assertWireValue(FunctionCallItemSchema, value, param)
  history.callNames.set(value.call_id, value.name)
  const part = { type: 'tool-call' as const, id: value.call_id, name: value.name, arguments: value.arguments || '{}' }
  const last = history.messages.at(-1)
  if (last?.role === 'assistant') last.parts.push(part)
  else history.messages.push({ role: 'assistant', parts: [part] })
}

function decodeItem(value: { type?: unknown }, param: string, history: HistoryBuilder): void {
  switch (value.type) {
    case undefined:
    case 'message':
      decodeMessage(value, param, history)
      return
    case 'function_call':
      decodeFunctionCall(value, param, history)
      return
    case 'function_call_output': {
      assertWireValue(FunctionCallOutputItemSchema, value, param)
      const id = value.call_id
      // A trimmed history may have lost the call; the id is then the best name there is.
      const name = history.callNames.get(id) ?? id
      history.messages.push({ role: 'tool', parts: [{ type: 'tool-result', id, name, content: decodeToolOutput(value.output, `${param}.output`) }] })
      return
    }
    case 'reasoning':
      // Earlier thoughts sent back by stateless clients (Codex CLI); the backend never re-reads thoughts.
      return
    case 'item_reference':
      throw new ProxyError('unsupported_feature', `'${param}' is an item_reference, which is not supported: ${nothingStoredAdvice}`, { param })
    default:
      throw invalidField(`${param}.type`, `unknown input item type '${String(value.type).slice(0, 32)}'; expected message, function_call, function_call_output or reasoning`)
  }
}

export function decodeInput(input: string | ReadonlyArray<object>): DecodedInput {
  if (typeof input === 'string') return { systemTexts: [], messages: [{ role: 'user', parts: [{ type: 'text', text: input }] }] }
  const history: HistoryBuilder = { systemTexts: [], messages: [], callNames: new Map() }
  input.forEach((item, index) => decodeItem(item as { type?: unknown }, `input[${index}]`, history))
  if (history.messages.length === 0) {
    throw invalidField('input', 'the input has no user message; add one (system and developer messages alone are not a conversation)')
  }
  return { systemTexts: history.systemTexts, messages: history.messages }
}
