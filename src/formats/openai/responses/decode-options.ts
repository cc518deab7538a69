/**
 * Decodes the Responses parameters other than `input`: generation options, reasoning, the
 * structured-output format, function tools and the tool choice. Hosted tools (web search, file
 * search, code interpreter...) run on OpenAI's side only; they are dropped and listed in
 * warnings, like other fields without an internal counterpart. `previous_response_id` continues
 * the upstream conversation of an earlier response (src/conversations/); what needs state this
 * server does not keep (`conversation` objects, `background`) is refused with a 400, because
 * answering as if it had worked would mislead the client.
 */

import type { Static } from '@sinclair/typebox'
import { ProxyError } from '../../../core/errors.ts'
import type { GenerationOptions, ResponseFormat, ThinkingOptions, ToolChoice, ToolDefinition } from '../../../core/ir.ts'
import { assertWireValue, invalidField } from '../../shared/check-wire-value.ts'
import { buildAllowedToolsChoice, buildResponseFormat, buildToolDefinition, createEffortTable, decodeEffort, decodeToolChoiceString, listIgnoredFields } from '../decode-common-options.ts'
import { nothingStoredAdvice } from './decode-input.ts'
import { AllowedToolsChoiceSchema, FunctionToolSchema, JsonSchemaFormatSchema, NamedToolChoiceSchema, type ResponsesRequestSchema } from './wire-schema.ts'

export type ResponsesWireRequest = Static<typeof ResponsesRequestSchema> & Record<string, unknown>

/** Fields the Responses API defines that have no internal counterpart; accepted and reported as ignored. */
const fieldsWithoutCounterpart = ['include', 'metadata', 'parallel_tool_calls', 'service_tier', 'truncation', 'top_logprobs', 'prompt_cache_key', 'max_tool_calls', 'stream_options']

const efforts = createEffortTable()

const summaries = new Set(['auto', 'concise', 'detailed'])

/**
 * Thoughts come back as reasoning items only when the caller asks for a summary, as OpenAI does:
 * clients that did not ask (the AI SDK by default) never see items they would have to send back.
 */
function decodeThinking(reasoning: NonNullable<ResponsesWireRequest['reasoning']>): ThinkingOptions | undefined {
  const summary = reasoning.summary ?? reasoning.generate_summary ?? null
  if (summary !== null && !summaries.has(summary)) throw invalidField('reasoning.summary', "expected 'auto', 'concise' or 'detailed'")
  const effort = reasoning.effort == null ? undefined : decodeEffort(efforts, reasoning.effort, 'reasoning.effort')
  if (effort === undefined && summary === null) return undefined
  const thinking: ThinkingOptions = { includeThoughts: summary !== null && effort !== 'none' }
  if (effort) thinking.effort = effort
  return thinking
}

function decodeTextFormat(format: { type: string }): ResponseFormat {
  return buildResponseFormat(format.type, 'text.format', () => {
    assertWireValue(JsonSchemaFormatSchema, format, 'text.format')
    return format
  })
}

function decodeTools(tools: ReadonlyArray<{ type: string }>, ignored: string[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = []
  tools.forEach((tool, index) => {
    const param = `tools[${index}]`
    if (tool.type !== 'function') {
      ignored.push(param)
      return
    }
    assertWireValue(FunctionToolSchema, tool, param)
    definitions.push(buildToolDefinition(tool.name, tool.description, (tool as { parameters?: unknown }).parameters))
  })
  return definitions
}

function decodeToolChoice(value: string | { type: string }): ToolChoice {
  if (typeof value === 'string') return decodeToolChoiceString(value, 'tool_choice', "{type: 'function', name}")
  if (value.type === 'function') {
    assertWireValue(NamedToolChoiceSchema, value, 'tool_choice')
    return { mode: 'required', allowedNames: [value.name] }
  }
  if (value.type === 'allowed_tools') {
    assertWireValue(AllowedToolsChoiceSchema, value, 'tool_choice')
    const names = value.tools.flatMap((tool) => {
      const name = (tool as { name?: unknown }).name
      return tool.type === 'function' && typeof name === 'string' ? [name] : []
    })
    return buildAllowedToolsChoice(value.mode, names)
  }
  throw new ProxyError('unsupported_feature', `'tool_choice' of type '${value.type.slice(0, 32)}' names a hosted tool, which this server does not run; use 'auto', 'required' or a function`, { param: 'tool_choice' })
}

function refuseStoredState(body: ResponsesWireRequest): void {
  if (body.conversation != null) {
    throw new ProxyError('unsupported_feature', `'conversation' is not supported: ${nothingStoredAdvice}`, { param: 'conversation' })
  }
  if (body.background === true) {
    throw new ProxyError('unsupported_feature', "'background: true' is not supported: this server stores no responses to poll later; send the request without background (stream it if it is long)", { param: 'background' })
  }
}

export type DecodedOptions = {
  generation: GenerationOptions
  tools?: ToolDefinition[]
  toolChoice?: ToolChoice
  ignoredFields: string[]
}

export function decodeResponsesOptions(body: ResponsesWireRequest): DecodedOptions {
  refuseStoredState(body)
  const ignoredFields = listIgnoredFields(body, fieldsWithoutCounterpart)
  // Nothing is stored, whatever `store` says; `store: true` is accepted so default clients work.
  if (body.store === true) ignoredFields.push('store')
  const generation: GenerationOptions = {}
  if (body.max_output_tokens != null) generation.maxOutputTokens = body.max_output_tokens
  if (body.temperature != null) generation.temperature = body.temperature
  if (body.top_p != null) generation.topP = body.top_p
  if (body.reasoning != null) {
    const thinking = decodeThinking(body.reasoning)
    if (thinking) generation.thinking = thinking
  }
  if (body.text?.format != null) generation.responseFormat = decodeTextFormat(body.text.format)
  const decoded: DecodedOptions = { generation, ignoredFields }
  if (body.tools != null) decoded.tools = decodeTools(body.tools, ignoredFields)
  if (body.tool_choice != null) decoded.toolChoice = decodeToolChoice(body.tool_choice)
  return decoded
}
