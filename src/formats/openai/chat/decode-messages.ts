/**
 * Maps the OpenAI message list onto the internal history, faithfully and without merging turns:
 * system and developer messages become the system instruction (joined in order), assistant tool
 * calls become tool-call parts, and tool results get the function name looked up from the
 * earlier call with the same id (OpenAI's tool messages carry only the id). The backend decides
 * how the history becomes a prompt.
 */

import type { ContentPart, Message } from '../../../core/ir.ts'
import { assertWireValue, invalidField } from '../../shared/check-wire-value.ts'
import {
  AssistantMessageSchema,
  FunctionMessageSchema,
  SystemMessageSchema,
  ToolCallSchema,
  ToolMessageSchema,
  UserMessageSchema,
} from './wire-schema.ts'
import { decodeTextContent, decodeUserContent } from './decode-content.ts'

export type DecodedHistory = { systemInstruction?: string; messages: Message[] }

function decodeAssistant(value: unknown, param: string, callNames: Map<string, string>): Message {
  assertWireValue(AssistantMessageSchema, value, param)
  const parts: ContentPart[] = []
  const text = value.content == null ? '' : decodeTextContent(value.content, `${param}.content`, true)
  if (text) parts.push({ type: 'text', text })
  else if (value.refusal) parts.push({ type: 'text', text: value.refusal })
  value.tool_calls?.forEach((call, index) => {
    assertWireValue(ToolCallSchema, call, `${param}.tool_calls[${index}]`)
    callNames.set(call.id, call.function.name)
    parts.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments || '{}' })
  })
  if (value.function_call) {
    // Legacy function calling has no ids; the function name stands in for one.
    const name = value.function_call.name
    callNames.set(name, name)
    parts.push({ type: 'tool-call', id: name, name, arguments: value.function_call.arguments || '{}' })
  }
  return { role: 'assistant', parts }
}

export function decodeChatMessages(wireMessages: ReadonlyArray<{ role: string }>): DecodedHistory {
  const systemTexts: string[] = []
  const messages: Message[] = []
  const callNames = new Map<string, string>()
  wireMessages.forEach((value, index) => {
    const param = `messages[${index}]`
    switch (value.role) {
      case 'system':
      case 'developer': {
        assertWireValue(SystemMessageSchema, value, param)
        const text = decodeTextContent(value.content, `${param}.content`)
        if (text) systemTexts.push(text)
        break
      }
      case 'user':
        assertWireValue(UserMessageSchema, value, param)
        messages.push({ role: 'user', parts: decodeUserContent(value.content, `${param}.content`) })
        break
      case 'assistant':
        messages.push(decodeAssistant(value, param, callNames))
        break
      case 'tool': {
        assertWireValue(ToolMessageSchema, value, param)
        const id = value.tool_call_id
        // A trimmed history may have lost the call; the id is then the best name there is.
        const name = callNames.get(id) ?? id
        messages.push({ role: 'tool', parts: [{ type: 'tool-result', id, name, content: decodeTextContent(value.content, `${param}.content`) }] })
        break
      }
      case 'function':
        assertWireValue(FunctionMessageSchema, value, param)
        messages.push({ role: 'tool', parts: [{ type: 'tool-result', id: value.name, name: value.name, content: value.content ?? '' }] })
        break
      default:
        throw invalidField(`${param}.role`, `unknown role '${String(value.role).slice(0, 32)}'; expected system, developer, user, assistant, tool or function`)
    }
  })
  if (messages.length === 0) {
    throw invalidField('messages', 'the conversation has only system messages; add a user message')
  }
  const history: DecodedHistory = { messages }
  if (systemTexts.length > 0) history.systemInstruction = systemTexts.join('\n\n')
  return history
}
