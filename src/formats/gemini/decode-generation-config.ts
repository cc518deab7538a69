/**
 * Gemini `generationConfig`, `tools` and `toolConfig` to internal options. Everything the internal
 * request can carry is carried, and the backend decides what it honours; fields it has no place
 * for are reported as warnings (response headers). docs/gemini-format.md says per field what happens. Only values
 * no backend could serve (several candidates, audio output) are refused.
 */

import { ProxyError } from '../../core/errors.ts'
import type { GenerationOptions, ResponseFormat, ThinkingOptions, ToolChoice, ToolDefinition } from '../../core/ir.ts'
import type { WireGenerateContentRequest, WireGenerationConfig } from './wire-schema.ts'

const thinkingLevels = new Map<string, ThinkingOptions['effort']>([
  ['MINIMAL', 'minimal'],
  ['LOW', 'low'],
  ['MEDIUM', 'medium'],
  ['HIGH', 'high'],
])

/**
 * OpenAPI-subset schema (upper-case `STRING`, `nullable`) to JSON Schema, recursively. Built with
 * Object.fromEntries, so a `__proto__` key in a caller's schema stays an ordinary key.
 */
export function normalizeResponseSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalizeResponseSchema)
  if (!schema || typeof schema !== 'object') return schema
  const entries: Array<[string, unknown]> = []
  let nullable = false
  let type: unknown
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && typeof value === 'string') type = value.toLowerCase()
    else if (key === 'nullable') nullable = value === true
    else if (key === 'propertyOrdering') continue
    else if (key === 'properties' && value && typeof value === 'object') {
      entries.push([key, Object.fromEntries(Object.entries(value).map(([name, property]) => [name, normalizeResponseSchema(property)]))])
    } else if (key === 'items' || key === 'anyOf') entries.push([key, normalizeResponseSchema(value)])
    else entries.push([key, value])
  }
  if (type !== undefined) entries.unshift(['type', nullable && typeof type === 'string' ? [type, 'null'] : type])
  return Object.fromEntries(entries)
}

function decodeResponseFormat(config: WireGenerationConfig, ignored: string[]): ResponseFormat | undefined {
  const mimeType = config.responseMimeType?.toLowerCase()
  const hasSchema = config.responseJsonSchema !== undefined || config.responseSchema !== undefined
  if (mimeType === undefined && !hasSchema) return undefined
  if (mimeType === undefined || mimeType === 'text/plain') {
    if (hasSchema) ignored.push('generationConfig.responseSchema')
    return { type: 'text' }
  }
  if (mimeType === 'application/json') {
    const schema = config.responseJsonSchema ?? (config.responseSchema === undefined ? undefined : normalizeResponseSchema(config.responseSchema))
    return schema === undefined ? { type: 'json' } : { type: 'json', schema }
  }
  if (mimeType === 'text/x.enum') {
    // The answer is one of the enum strings as plain text; the backend is asked in words only.
    ignored.push('generationConfig.responseMimeType')
    return { type: 'text' }
  }
  throw new ProxyError('invalid_request', `Invalid value at 'generationConfig.responseMimeType': "${config.responseMimeType}" is not supported; use text/plain or application/json`, { param: 'generationConfig.responseMimeType' })
}

function decodeModalities(values: readonly string[] | undefined): Array<'text' | 'image'> | undefined {
  if (!values) return undefined
  return values.map((value, index) => {
    const upper = value.toUpperCase()
    if (upper === 'TEXT') return 'text'
    if (upper === 'IMAGE') return 'image'
    throw new ProxyError('unsupported_feature', `Invalid value at 'generationConfig.responseModalities[${index}]': "${value}" is not supported; this server answers with TEXT and IMAGE only`, { param: `generationConfig.responseModalities[${index}]` })
  })
}

function decodeThinking(config: WireGenerationConfig): ThinkingOptions | undefined {
  const thinking = config.thinkingConfig
  if (!thinking) return undefined
  const options: ThinkingOptions = { includeThoughts: thinking.includeThoughts === true }
  if (thinking.thinkingBudget !== undefined) options.budgetTokens = thinking.thinkingBudget
  if (thinking.thinkingLevel !== undefined) {
    const effort = thinkingLevels.get(thinking.thinkingLevel.toUpperCase())
    if (!effort) {
      throw new ProxyError('invalid_request', `Invalid value at 'generationConfig.thinkingConfig.thinkingLevel': "${thinking.thinkingLevel}"; use MINIMAL, LOW, MEDIUM or HIGH`, { param: 'generationConfig.thinkingConfig.thinkingLevel' })
    }
    options.effort = effort
  }
  return options
}

export function decodeGenerationConfig(config: WireGenerationConfig | undefined, ignored: string[]): GenerationOptions {
  const generation: GenerationOptions = {}
  if (!config) return generation
  if (config.candidateCount !== undefined && config.candidateCount !== 1) {
    throw new ProxyError('invalid_request', `Invalid value at 'generationConfig.candidateCount': ${config.candidateCount}; this server returns exactly one candidate`, { param: 'generationConfig.candidateCount' })
  }
  const copied = ['temperature', 'topP', 'topK', 'maxOutputTokens', 'stopSequences', 'seed'] as const
  for (const name of copied) {
    if (config[name] === undefined) continue
    ;(generation as Record<string, unknown>)[name] = config[name]
  }
  if (config.candidateCount !== undefined) generation.candidateCount = 1
  for (const name of ['presencePenalty', 'frequencyPenalty', 'responseLogprobs', 'logprobs', 'speechConfig', 'mediaResolution']) {
    if ((config as Record<string, unknown>)[name] !== undefined) ignored.push(`generationConfig.${name}`)
  }
  const responseFormat = decodeResponseFormat(config, ignored)
  if (responseFormat) generation.responseFormat = responseFormat
  const modalities = decodeModalities(config.responseModalities)
  if (modalities) generation.responseModalities = modalities
  const thinking = decodeThinking(config)
  if (thinking) generation.thinking = thinking
  if (config.imageConfig) {
    generation.image = { count: 1 }
    if (config.imageConfig.aspectRatio !== undefined) generation.image.aspectRatio = config.imageConfig.aspectRatio
    if (config.imageConfig.imageSize !== undefined) generation.image.size = config.imageConfig.imageSize
  }
  return generation
}

export function decodeTools(request: WireGenerateContentRequest, ignored: string[]): { tools?: ToolDefinition[]; toolChoice?: ToolChoice } {
  const tools: ToolDefinition[] = []
  for (const tool of request.tools ?? []) {
    for (const declaration of tool.functionDeclarations ?? []) {
      const definition: ToolDefinition = { name: declaration.name }
      if (declaration.description !== undefined) definition.description = declaration.description
      const parameters = declaration.parametersJsonSchema ?? (declaration.parameters === undefined ? undefined : normalizeResponseSchema(declaration.parameters))
      if (parameters !== undefined) definition.parameters = parameters
      tools.push(definition)
    }
    // Built-in tools (googleSearch, codeExecution, urlContext): the web app decides on its own.
    for (const key of Object.keys(tool)) if (key !== 'functionDeclarations') ignored.push(`tools.${key}`)
  }
  const result: { tools?: ToolDefinition[]; toolChoice?: ToolChoice } = {}
  if (tools.length > 0) result.tools = tools
  const calling = request.toolConfig?.functionCallingConfig
  if (calling?.mode !== undefined) {
    const mode = calling.mode.toUpperCase()
    if (mode === 'AUTO' || mode === 'MODE_UNSPECIFIED') result.toolChoice = { mode: 'auto' }
    else if (mode === 'NONE') result.toolChoice = { mode: 'none' }
    else if (mode === 'ANY' || mode === 'VALIDATED') {
      result.toolChoice = calling.allowedFunctionNames ? { mode: 'required', allowedNames: calling.allowedFunctionNames } : { mode: 'required' }
    } else {
      throw new ProxyError('invalid_request', `Invalid value at 'toolConfig.functionCallingConfig.mode': "${calling.mode}"; use AUTO, ANY, NONE or VALIDATED`, { param: 'toolConfig.functionCallingConfig.mode' })
    }
  }
  return result
}
