/**
 * Emulated function calling for a backend that has none (the Gemini web app). On the way in, the
 * offered tools and the reply protocol go into the system instruction and earlier calls are
 * rewritten in that protocol; on the way out, the protocol's blocks in the answer become
 * tool-call parts and the finish reason becomes 'tool-calls'. The core applies it around the
 * backend call, so every format (OpenAI tool_calls, Gemini functionCall) gets it unchanged.
 */

import { ProxyError } from '../errors.ts'
import type { FinishReason, InternalRequest, StreamPart, ToolDefinition } from '../ir.ts'
import { buildToolProtocol, toolsDisabledNotice } from './build-tool-protocol.ts'
import { createToolCallExtractor } from './extract-tool-calls.ts'
import { hasToolCallHistory, rewriteToolHistory } from './rewrite-tool-history.ts'

export type ToolEmulation = {
  request: InternalRequest
  transform: (parts: AsyncIterable<StreamPart>) => AsyncIterable<StreamPart>
}

export type ToolEmulationOptions = {
  /** Told about each block that was shown as text instead of becoming a call (for logs). */
  onInvalidBlock?: (reason: string) => void
}

/** Finish reasons that say the answer was cut off or refused stay as they are. */
const keptFinishReasons: ReadonlySet<FinishReason> = new Set(['error', 'content-filter'])

export function createToolCallId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return 'call_' + Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** The tools the model may call now: none for choice none, the allowed names for a narrowed choice. */
function selectOfferedTools(request: InternalRequest): ToolDefinition[] {
  const tools = request.tools ?? []
  const choice = request.toolChoice ?? { mode: 'auto' }
  if (choice.mode === 'none') return []
  if (choice.mode === 'required' && choice.allowedNames) {
    const allowed = new Set(choice.allowedNames)
    return tools.filter((tool) => allowed.has(tool.name))
  }
  return tools
}

function appendToSystemInstruction(existing: string | undefined, addition: string): string {
  return existing ? `${existing}\n\n${addition}` : addition
}

function passThrough(parts: AsyncIterable<StreamPart>): AsyncIterable<StreamPart> {
  return parts
}

function createTransform(offered: readonly ToolDefinition[], options: ToolEmulationOptions) {
  const tools = new Map(offered.map((tool) => [tool.name, tool]))
  return async function* extractToolCalls(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
    const extractor = createToolCallExtractor({
      tools,
      createId: createToolCallId,
      ...(options.onInvalidBlock ? { onInvalid: (reason: string) => options.onInvalidBlock?.(reason) } : {}),
    })
    let flushed = false
    for await (const part of parts) {
      if (part.type === 'text-delta') {
        yield* extractor.push(part.text)
      } else if (part.type === 'finish' || part.type === 'error') {
        // Held-back text belongs before the end of the answer (or before the error that ends it).
        if (!flushed) yield* extractor.flush()
        flushed = true
        if (part.type === 'finish' && extractor.callCount > 0 && !keptFinishReasons.has(part.reason)) yield { ...part, reason: 'tool-calls' }
        else yield part
      } else {
        yield part
      }
    }
    if (!flushed) yield* extractor.flush()
  }
}

/**
 * Returns the request to send to the backend (tools and tool choice removed, protocol in the
 * system instruction, earlier calls rewritten as blocks) and the transform for its stream; null
 * when there is nothing to emulate: not a chat, no tools in the request, or tool choice none with
 * no earlier call in the history.
 */
export function applyToolEmulation(request: InternalRequest, options: ToolEmulationOptions = {}): ToolEmulation | null {
  if (request.task !== 'chat') return null
  // A history with calls but no tools offered keeps the backend's own rendering of those calls.
  if (!request.tools || request.tools.length === 0) {
    if (request.toolChoice?.mode === 'required') {
      throw new ProxyError('invalid_request', 'The tool choice requires a tool call, but the request offers no tools', { param: 'tool_choice' })
    }
    return null
  }
  const offered = selectOfferedTools(request)
  if (request.toolChoice?.mode === 'required' && offered.length === 0) {
    throw new ProxyError('invalid_request', 'The tool choice requires a tool call, but none of the tools it names is in the request\'s tools', { param: 'tool_choice' })
  }
  const history = hasToolCallHistory(request.messages)
  if (offered.length === 0 && !history) return null
  const { tools: _tools, toolChoice: _toolChoice, ...rest } = request
  const prepared: InternalRequest = { ...rest, messages: history ? rewriteToolHistory(request.messages) : request.messages }
  if (offered.length > 0) {
    prepared.systemInstruction = appendToSystemInstruction(request.systemInstruction, buildToolProtocol(offered, request.toolChoice ?? { mode: 'auto' }))
    return { request: prepared, transform: createTransform(offered, options) }
  }
  prepared.systemInstruction = appendToSystemInstruction(request.systemInstruction, toolsDisabledNotice)
  return { request: prepared, transform: passThrough }
}
