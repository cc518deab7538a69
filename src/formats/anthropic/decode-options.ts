/**
 * Decodes the Messages parameters other than the history: sampling options, extended thinking
 * (`thinking`, `output_config.effort`), structured output (`output_config.format`, the beta
 * `output_format`), tools and tool choice. Custom tools are emulated by the core like every
 * format's tools (docs/tool-calling.md); Anthropic's typed tools (`bash_20250124`, web search and
 * the other server tools) run on Anthropic's side or need its built-in schemas, so they are
 * accepted and reported as ignored. Fields Anthropic defines with no internal counterpart are
 * listed as ignored too (docs/anthropic-format.md says what each field does here).
 */

import type { GenerationOptions, ResponseFormat, ThinkingOptions, ToolChoice, ToolDefinition } from '../../core/ir.ts'
import { assertAnthropicValue, CustomToolSchema, invalidAnthropicField, type WireMessagesRequest } from './wire-schema.ts'

/** Fields Anthropic defines that have no internal counterpart; accepted and reported as ignored. */
const fieldsWithoutCounterpart = [
  'service_tier',
  'container',
  'context_management',
  'mcp_servers',
  'cache_control',
  'inference_geo',
  'speed',
  'diagnostics',
  'compaction',
  'fallbacks',
]

/** A Map, so a wire value such as `constructor` is an unknown effort, not an Object.prototype member. */
const efforts = new Map<string, ThinkingOptions['effort']>([
  ['low', 'low'],
  ['medium', 'medium'],
  ['high', 'high'],
  ['xhigh', 'max'],
  ['max', 'max'],
])

export type DecodedOptions = {
  generation: GenerationOptions
  tools?: ToolDefinition[]
  toolChoice?: ToolChoice
  ignoredFields: string[]
}

/**
 * `enabled` (with `budget_tokens`) and `adaptive` ask for thoughts, shown as thinking blocks
 * unless `display: "omitted"`; `disabled` asks for none. The model's own thinking mode decides
 * upstream, so the budget is carried, not enforced.
 */
function decodeThinking(thinking: NonNullable<WireMessagesRequest['thinking']>): ThinkingOptions {
  const shown = thinking.display !== 'omitted'
  switch (thinking.type) {
    case 'enabled':
      return thinking.budget_tokens === undefined ? { includeThoughts: shown } : { includeThoughts: shown, budgetTokens: thinking.budget_tokens }
    case 'adaptive':
    case 'between_tools':
      return { includeThoughts: shown }
    case 'disabled':
      return { includeThoughts: false }
    default:
      throw invalidAnthropicField('thinking.type', "Input should be 'enabled', 'disabled' or 'adaptive'")
  }
}

function decodeEffort(effort: string): ThinkingOptions['effort'] {
  const mapped = efforts.get(effort)
  if (!mapped) throw invalidAnthropicField('output_config.effort', "Input should be 'low', 'medium', 'high', 'xhigh' or 'max'")
  return mapped
}

function decodeOutputFormat(format: { type: string; schema?: unknown }, field: string): ResponseFormat {
  if (format.type !== 'json_schema') throw invalidAnthropicField(`${field}.type`, "Input should be 'json_schema'")
  return format.schema === undefined ? { type: 'json' } : { type: 'json', schema: format.schema }
}

function decodeTools(tools: NonNullable<WireMessagesRequest['tools']>, ignored: string[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = []
  tools.forEach((tool, index) => {
    const field = `tools[${index}]`
    if (tool.type != null && tool.type !== 'custom') {
      ignored.push(`tools.${index}`)
      return
    }
    assertAnthropicValue(CustomToolSchema, tool, field)
    const definition: ToolDefinition = { name: tool.name, parameters: tool.input_schema }
    if (tool.description) definition.description = tool.description
    definitions.push(definition)
  })
  return definitions
}

function decodeToolChoice(choice: NonNullable<WireMessagesRequest['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return { mode: 'auto' }
    case 'none':
      return { mode: 'none' }
    case 'any':
      return { mode: 'required' }
    case 'tool':
      if (!choice.name) throw invalidAnthropicField('tool_choice.name', 'Field required')
      return { mode: 'required', allowedNames: [choice.name] }
    default:
      throw invalidAnthropicField('tool_choice.type', "Input should be 'auto', 'any', 'tool' or 'none'")
  }
}

export function decodeOptions(body: WireMessagesRequest & Record<string, unknown>): DecodedOptions {
  const ignoredFields = fieldsWithoutCounterpart.filter((field) => body[field] !== undefined && body[field] !== null)
  const generation: GenerationOptions = {}
  // 0 asks Anthropic only to warm its prompt cache; here it sets no limit.
  if (body.max_tokens !== undefined && body.max_tokens > 0) generation.maxOutputTokens = body.max_tokens
  if (body.temperature != null) generation.temperature = body.temperature
  if (body.top_p != null) generation.topP = body.top_p
  if (body.top_k != null) generation.topK = body.top_k
  const stops = (body.stop_sequences ?? []).filter((stop) => stop !== '')
  if (stops.length > 0) generation.stopSequences = stops
  const thinking = body.thinking ? decodeThinking(body.thinking) : undefined
  const effort = body.output_config?.effort == null ? undefined : decodeEffort(body.output_config.effort)
  if (thinking || effort) generation.thinking = { ...(thinking ?? { includeThoughts: false }), ...(effort ? { effort } : {}) }
  const format = body.output_config?.format ?? body.output_format
  if (format) generation.responseFormat = decodeOutputFormat(format, body.output_config?.format ? 'output_config.format' : 'output_format')
  const decoded: DecodedOptions = { generation, ignoredFields }
  if (body.tools != null) {
    const tools = decodeTools(body.tools, ignoredFields)
    if (tools.length > 0) decoded.tools = tools
  }
  if (body.tool_choice != null) {
    decoded.toolChoice = decodeToolChoice(body.tool_choice)
    if (body.tool_choice.disable_parallel_tool_use === true) ignoredFields.push('tool_choice.disable_parallel_tool_use')
  }
  return decoded
}
