/**
 * Decodes the chat parameters other than messages into the internal generation options, tools
 * and tool choice. What OpenAI defines but the internal request has no place for is listed in
 * `ignoredFields` (and documented in docs/openai-format.md); what cannot be honoured without
 * misleading the caller (several choices, audio output) is refused with a 400 naming the field.
 */

import type { Static } from '@sinclair/typebox'
import { ProxyError } from '../../../core/errors.ts'
import type { GenerationOptions, ResponseFormat, ThinkingOptions, ToolChoice, ToolDefinition } from '../../../core/ir.ts'
import { assertWireValue, invalidField } from '../../shared/check-wire-value.ts'
import {
  AllowedToolsChoiceSchema,
  type ChatRequestSchema,
  CustomToolSchema,
  FunctionToolSchema,
  JsonSchemaFormatSchema,
  NamedToolChoiceSchema,
} from './wire-schema.ts'

export type ChatWireRequest = Static<typeof ChatRequestSchema> & Record<string, unknown>

/** Fields OpenAI defines that have no internal counterpart; accepted and reported as ignored. */
const fieldsWithoutCounterpart = [
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'parallel_tool_calls',
  'prediction',
  'service_tier',
  'store',
  'metadata',
  'verbosity',
  'web_search_options',
  'prompt_cache_key',
]

const efforts: Record<string, ThinkingOptions['effort']> = {
  none: 'none',
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'max',
  max: 'max',
}

function decodeThinking(effort: string): ThinkingOptions {
  const mapped = efforts[effort]
  if (!mapped) throw invalidField('reasoning_effort', `expected one of ${Object.keys(efforts).join(', ')}`)
  return { includeThoughts: mapped !== 'none', effort: mapped }
}

function decodeResponseFormat(value: { type: string }): ResponseFormat {
  if (value.type === 'text') return { type: 'text' }
  if (value.type === 'json_object') return { type: 'json' }
  if (value.type === 'json_schema') {
    assertWireValue(JsonSchemaFormatSchema, value, 'response_format')
    const format: ResponseFormat = { type: 'json', schema: value.json_schema.schema }
    if (value.json_schema.name) format.name = value.json_schema.name
    return format
  }
  throw invalidField('response_format.type', "expected 'text', 'json_object' or 'json_schema'")
}

function decodeTools(tools: ReadonlyArray<{ type: string }>, ignored: string[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = []
  tools.forEach((tool, index) => {
    const param = `tools[${index}]`
    if (tool.type === 'function') {
      assertWireValue(FunctionToolSchema, tool, param)
      const definition: ToolDefinition = { name: tool.function.name }
      if (tool.function.description) definition.description = tool.function.description
      const parameters = (tool.function as { parameters?: unknown }).parameters
      if (parameters !== undefined && parameters !== null) definition.parameters = parameters
      definitions.push(definition)
    } else if (tool.type === 'custom') {
      assertWireValue(CustomToolSchema, tool, param)
      const definition: ToolDefinition = { name: tool.custom.name }
      if (tool.custom.description) definition.description = tool.custom.description
      definitions.push(definition)
    } else {
      // Hosted tools (web search and the like) exist only on OpenAI's side.
      ignored.push(param)
    }
  })
  return definitions
}

function namesOf(tools: ReadonlyArray<{ type: string }>): string[] {
  return tools.flatMap((tool) => {
    const name = (tool as { function?: { name?: unknown } }).function?.name
    return typeof name === 'string' ? [name] : []
  })
}

function decodeToolChoice(value: string | { type: string }, param: string): ToolChoice {
  if (typeof value === 'string') {
    if (value === 'auto' || value === 'none' || value === 'required') return { mode: value }
    throw invalidField(param, "expected 'auto', 'none', 'required' or a named function")
  }
  if (value.type === 'function') {
    assertWireValue(NamedToolChoiceSchema, value, param)
    return { mode: 'required', allowedNames: [value.function.name] }
  }
  if (value.type === 'allowed_tools') {
    assertWireValue(AllowedToolsChoiceSchema, value, param)
    if (value.allowed_tools.mode === 'auto') return { mode: 'auto' }
    return { mode: 'required', allowedNames: namesOf(value.allowed_tools.tools) }
  }
  throw invalidField(`${param}.type`, "expected 'function' or 'allowed_tools'")
}

function decodeLegacyFunctionCall(value: string | { name: string }): ToolChoice {
  if (typeof value !== 'string') return { mode: 'required', allowedNames: [value.name] }
  if (value === 'auto' || value === 'none') return { mode: value }
  throw invalidField('function_call', "expected 'auto', 'none' or {name}")
}

export type DecodedOptions = {
  generation: GenerationOptions
  tools?: ToolDefinition[]
  toolChoice?: ToolChoice
  ignoredFields: string[]
}

export function decodeChatOptions(body: ChatWireRequest): DecodedOptions {
  if (body.n != null && body.n > 1) {
    throw new ProxyError('unsupported_feature', "'n' greater than 1 is not supported: Gemini web answers with one choice per request; send several requests instead", { param: 'n' })
  }
  if (body.modalities?.includes('audio') || (body.audio !== undefined && body.audio !== null)) {
    throw new ProxyError('unsupported_feature', 'Audio output is not supported by this server; request text only', { param: body.modalities?.includes('audio') ? 'modalities' : 'audio' })
  }
  const ignoredFields = fieldsWithoutCounterpart.filter((field) => body[field] !== undefined && body[field] !== null)
  const generation: GenerationOptions = {}
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  if (maxTokens != null) generation.maxOutputTokens = maxTokens
  if (body.temperature != null) generation.temperature = body.temperature
  if (body.top_p != null) generation.topP = body.top_p
  if (body.seed != null) generation.seed = body.seed
  if (body.stop != null) {
    const stops = (typeof body.stop === 'string' ? [body.stop] : body.stop).filter((stop) => stop !== '')
    if (stops.length > 0) generation.stopSequences = stops
  }
  if (body.reasoning_effort != null) generation.thinking = decodeThinking(body.reasoning_effort)
  if (body.response_format != null) generation.responseFormat = decodeResponseFormat(body.response_format)
  const decoded: DecodedOptions = { generation, ignoredFields }
  if (body.tools != null) decoded.tools = decodeTools(body.tools, ignoredFields)
  else if (body.functions != null) decoded.tools = body.functions.map((fn, index) => {
    assertWireValue(FunctionToolSchema.properties.function, fn, `functions[${index}]`)
    const definition: ToolDefinition = { name: fn.name }
    if (fn.description) definition.description = fn.description
    const parameters = (fn as { parameters?: unknown }).parameters
    if (parameters != null) definition.parameters = parameters
    return definition
  })
  if (body.tool_choice != null) decoded.toolChoice = decodeToolChoice(body.tool_choice, 'tool_choice')
  else if (body.function_call != null) decoded.toolChoice = decodeLegacyFunctionCall(body.function_call)
  return decoded
}
