/**
 * Turns the JSON object inside one tool block into a call the caller can execute, or says why it
 * cannot be one. Strict JSON only (a model that writes broken JSON gets its block shown as text,
 * not a guessed call); `arguments` may be an object or a string holding a JSON object, because
 * models trained on OpenAI's wire format often write the string form.
 */

import type { ToolDefinition } from '../ir.ts'
import { validateToolArguments } from './validate-tool-arguments.ts'

export type ParsedToolCall = { ok: true; name: string; arguments: string } | { ok: false; reason: string }

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function decodeArguments(raw: unknown): { value: unknown } | { error: string } {
  if (raw === undefined) return { value: {} }
  if (typeof raw !== 'string') return { value: raw }
  if (raw.trim() === '') return { value: {} }
  try {
    return { value: JSON.parse(raw) }
  } catch {
    return { error: '"arguments" is a string that is not JSON' }
  }
}

/** `tools` maps each offered (and allowed) tool name to its definition. */
export function parseToolCallBlock(jsonText: string, tools: ReadonlyMap<string, ToolDefinition>): ParsedToolCall {
  let value: unknown
  try {
    value = JSON.parse(jsonText)
  } catch {
    return { ok: false, reason: 'the block is not valid JSON' }
  }
  if (!isPlainObject(value)) return { ok: false, reason: 'the block is not a JSON object' }
  const unexpected = Object.keys(value).find((key) => key !== 'name' && key !== 'arguments')
  // A stray "parameters" key would otherwise turn into an empty call that silently loses the values.
  if (unexpected !== undefined) return { ok: false, reason: `unexpected key "${unexpected}"; only "name" and "arguments" are allowed` }
  if (typeof value.name !== 'string') return { ok: false, reason: '"name" is missing or not a string' }
  const tool = tools.get(value.name)
  if (!tool) return { ok: false, reason: `"${value.name}" is not an offered tool` }
  const decoded = decodeArguments(value.arguments)
  if ('error' in decoded) return { ok: false, reason: decoded.error }
  const problem = validateToolArguments(decoded.value, tool.parameters)
  if (problem) return { ok: false, reason: problem }
  return { ok: true, name: tool.name, arguments: JSON.stringify(decoded.value) }
}
