/**
 * What the chat and Responses APIs decode the same way once their different wire shapes are
 * read: tool definitions, structured-output formats, tool choices, reasoning effort and the
 * fields accepted without an internal counterpart. Each API's decode-options.ts reads its own
 * shape (chat nests under `function` / `json_schema`, Responses is flat) and calls these.
 */

import type { ResponseFormat, ThinkingOptions, ToolChoice, ToolDefinition } from '../../core/ir.ts'
import { invalidField } from '../shared/check-wire-value.ts'

export function buildToolDefinition(name: string, description: string | null | undefined, parameters: unknown): ToolDefinition {
  const definition: ToolDefinition = { name }
  if (description) definition.description = description
  if (parameters !== undefined && parameters !== null) definition.parameters = parameters
  return definition
}

/** `text`, `json_object`, or `json_schema` with the schema and name already read from the wire. */
export function buildResponseFormat(type: string, param: string, jsonSchema?: () => { name?: string | null; schema?: unknown }): ResponseFormat {
  if (type === 'text') return { type: 'text' }
  if (type === 'json_object') return { type: 'json' }
  if (type === 'json_schema' && jsonSchema) {
    const { name, schema } = jsonSchema()
    const format: ResponseFormat = { type: 'json', schema }
    if (name) format.name = name
    return format
  }
  throw invalidField(`${param}.type`, "expected 'text', 'json_object' or 'json_schema'")
}

/** The string forms of a tool choice, common to both APIs. */
export function decodeToolChoiceString(value: string, param: string, expected: string): ToolChoice {
  if (value === 'auto' || value === 'none' || value === 'required') return { mode: value }
  throw invalidField(param, `expected 'auto', 'none', 'required' or ${expected}`)
}

/** `allowed_tools` with its mode and the names of its function tools. */
export function buildAllowedToolsChoice(mode: 'auto' | 'required', names: string[]): ToolChoice {
  return mode === 'auto' ? { mode: 'auto' } : { mode: 'required', allowedNames: names }
}

/**
 * Reasoning effort names to internal efforts. A Map, so a wire value such as `constructor` or
 * `__proto__` is an unknown effort rather than a look-up into Object.prototype.
 */
export function createEffortTable(extra: Record<string, ThinkingOptions['effort']> = {}): ReadonlyMap<string, ThinkingOptions['effort']> {
  return new Map<string, ThinkingOptions['effort']>([
    ['none', 'none'],
    ['minimal', 'minimal'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'max'],
    ...Object.entries(extra),
  ])
}

export function decodeEffort(table: ReadonlyMap<string, ThinkingOptions['effort']>, effort: string, param: string): ThinkingOptions['effort'] {
  const mapped = table.get(effort)
  if (!mapped) throw invalidField(param, `expected one of ${[...table.keys()].join(', ')}`)
  return mapped
}

/** Fields present on the body (not null) among those accepted without an internal counterpart. */
export function listIgnoredFields(body: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((field) => body[field] !== undefined && body[field] !== null)
}
