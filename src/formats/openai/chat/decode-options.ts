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
import { buildAllowedToolsChoice, buildResponseFormat, buildToolDefinition, createEffortTable, decodeEffort, decodeToolChoiceString, listIgnoredFields } from '../decode-common-options.ts'
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

const efforts = createEffortTable({ max: 'max' })

function decodeThinking(effort: string): ThinkingOptions {
  const mapped = decodeEffort(efforts, effort, 'reasoning_effort')
  return { includeThoughts: mapped !== 'none', effort: mapped }
}

function decodeResponseFormat(value: { type: string }): ResponseFormat {
  return buildResponseFormat(value.type, 'response_format', () => {
    assertWireValue(JsonSchemaFormatSchema, value, 'response_format')
    return value.json_schema
  })
}

function decodeTools(tools: ReadonlyArray<{ type: string }>, ignored: string[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = []
  tools.forEach((tool, index) => {
    const param = `tools[${index}]`
    if (tool.type === 'function') {
      assertWireValue(FunctionToolSchema, tool, param)
      definitions.push(buildToolDefinition(tool.function.name, tool.function.description, (tool.function as { parameters?: unknown }).parameters))
    } else if (tool.type === 'custom') {
      assertWireValue(CustomToolSchema, tool, param)
      definitions.push(buildToolDefinition(tool.custom.name, tool.custom.description, undefined))
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
  if (typeof value === 'string') return decodeToolChoiceString(value, param, 'a named function')
  if (value.type === 'function') {
    assertWireValue(NamedToolChoiceSchema, value, param)
    return { mode: 'required', allowedNames: [value.function.name] }
  }
  if (value.type === 'allowed_tools') {
    assertWireValue(AllowedToolsChoiceSchema, value, param)
    return buildAllowedToolsChoice(value.allowed_tools.mode, namesOf(value.allowed_tools.tools))
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
  const ignoredFields = listIgnoredFields(body, fieldsWithoutCounterpart)
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
    return buildToolDefinition(fn.name, fn.description, (fn as { parameters?: unknown }).parameters)
  })
  if (body.tool_choice != null) decoded.toolChoice = decodeToolChoice(body.tool_choice, 'tool_choice')
  else if (body.function_call != null) decoded.toolChoice = decodeLegacyFunctionCall(body.function_call)
  return decoded
}
