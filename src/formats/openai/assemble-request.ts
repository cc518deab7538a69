/**
 * The internal request both OpenAI text APIs produce once messages and options are decoded:
 * chat answers stream as SSE and carry generated images as markdown links (never base64), and
 * the caller's `user` / `safety_identifier` is kept for logs and limits only.
 */

import type { GenerationOptions, InternalRequest, Message, ToolChoice, ToolDefinition, Warning } from '../../core/ir.ts'

export type AssembleInput = {
  model: string
  messages: Message[]
  systemInstruction: string | undefined
  options: { generation: GenerationOptions; tools?: ToolDefinition[]; toolChoice?: ToolChoice; ignoredFields: string[] }
  stream: boolean
  endUser: string | null | undefined
  /** Receives the fields accepted without an internal counterpart. */
  warnings: Warning[]
}

export function assembleRequest(input: AssembleInput): InternalRequest {
  const { options } = input
  const request: InternalRequest = {
    task: 'chat',
    model: input.model,
    messages: input.messages,
    generation: options.generation,
    stream: input.stream,
    streamMode: 'sse',
    imageUrls: true,
  }
  if (input.systemInstruction !== undefined && input.systemInstruction !== '') request.systemInstruction = input.systemInstruction
  if (options.tools) request.tools = options.tools
  if (options.toolChoice) request.toolChoice = options.toolChoice
  if (input.endUser) request.endUser = input.endUser
  for (const field of options.ignoredFields) input.warnings.push({ type: 'ignored-field', field })
  return request
}
