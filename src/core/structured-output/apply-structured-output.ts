/**
 * JSON answers for a backend without a response-format parameter (the Gemini web app): the
 * instruction goes into the system instruction (build-json-instruction.ts), and on the way out a
 * Markdown fence the model may still add is taken off (strip-json-fence.ts), so callers that parse
 * the text (gemini-cli's router, the AI SDK's generateObject) get bare JSON.
 */

import type { InternalRequest, StreamPart } from '../ir.ts'
import { buildJsonInstruction } from './build-json-instruction.ts'
import { createFenceStripper } from './strip-json-fence.ts'

export type StructuredOutput = {
  request: InternalRequest
  transform: (parts: AsyncIterable<StreamPart>) => AsyncIterable<StreamPart>
}

async function* stripFence(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  const stripper = createFenceStripper()
  let ended = false
  for await (const part of parts) {
    if (part.type === 'text-delta') {
      const text = stripper.push(part.text)
      if (text) yield { type: 'text-delta', text }
      continue
    }
    if ((part.type === 'finish' || part.type === 'error') && !ended) {
      ended = true
      const rest = stripper.end()
      if (rest) yield { type: 'text-delta', text: rest }
    }
    yield part
  }
  if (!ended) {
    const rest = stripper.end()
    if (rest) yield { type: 'text-delta', text: rest }
  }
}

/** Null unless the caller asked for JSON. */
export function applyStructuredOutput(request: InternalRequest): StructuredOutput | null {
  const format = request.generation.responseFormat
  if (request.task !== 'chat' || format?.type !== 'json') return null
  const instruction = buildJsonInstruction(format.schema, format.name)
  const systemInstruction = request.systemInstruction ? `${request.systemInstruction}\n\n${instruction}` : instruction
  return { request: { ...request, systemInstruction }, transform: stripFence }
}
