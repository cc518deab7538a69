/**
 * A minimal, tolerant TypeBox schema of Google's GenerateContentRequest. It checks only the types
 * of the fields this server reads, and lets every other field through, because the official SDKs
 * send fields we ignore (safetySettings, cachedContent, speechConfig...) and new ones appear often.
 * A mismatch becomes one 400 INVALID_ARGUMENT that names the field at fault. The shorthand forms
 * (a string `contents`, one Content object, a string `systemInstruction`) are normalised before
 * the check, so the schema has no unions and every error names a precise field.
 */

import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { ProxyError } from '../../core/errors.ts'

const open = { additionalProperties: true }

const PartSchema = Type.Object(
  {
    text: Type.Optional(Type.String()),
    inlineData: Type.Optional(Type.Object({ mimeType: Type.String(), data: Type.String() }, open)),
    fileData: Type.Optional(Type.Object({ mimeType: Type.Optional(Type.String()), fileUri: Type.String() }, open)),
    functionCall: Type.Optional(Type.Object({ id: Type.Optional(Type.String()), name: Type.String(), args: Type.Optional(Type.Unknown()) }, open)),
    functionResponse: Type.Optional(Type.Object({ id: Type.Optional(Type.String()), name: Type.String(), response: Type.Optional(Type.Unknown()) }, open)),
    thought: Type.Optional(Type.Boolean()),
    thoughtSignature: Type.Optional(Type.String()),
  },
  open,
)

const ContentSchema = Type.Object({ role: Type.Optional(Type.String()), parts: Type.Array(PartSchema) }, open)

const ThinkingConfigSchema = Type.Object(
  {
    includeThoughts: Type.Optional(Type.Boolean()),
    thinkingBudget: Type.Optional(Type.Integer()),
    thinkingLevel: Type.Optional(Type.String()),
  },
  open,
)

const ImageConfigSchema = Type.Object({ aspectRatio: Type.Optional(Type.String()), imageSize: Type.Optional(Type.String()) }, open)

const GenerationConfigSchema = Type.Object(
  {
    temperature: Type.Optional(Type.Number()),
    topP: Type.Optional(Type.Number()),
    topK: Type.Optional(Type.Number()),
    maxOutputTokens: Type.Optional(Type.Integer()),
    stopSequences: Type.Optional(Type.Array(Type.String())),
    candidateCount: Type.Optional(Type.Integer()),
    seed: Type.Optional(Type.Integer()),
    responseMimeType: Type.Optional(Type.String()),
    responseSchema: Type.Optional(Type.Unknown()),
    responseJsonSchema: Type.Optional(Type.Unknown()),
    responseModalities: Type.Optional(Type.Array(Type.String())),
    thinkingConfig: Type.Optional(ThinkingConfigSchema),
    imageConfig: Type.Optional(ImageConfigSchema),
  },
  open,
)

const FunctionDeclarationSchema = Type.Object(
  {
    name: Type.String(),
    description: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Unknown()),
    parametersJsonSchema: Type.Optional(Type.Unknown()),
  },
  open,
)

const ToolSchema = Type.Object({ functionDeclarations: Type.Optional(Type.Array(FunctionDeclarationSchema)) }, open)

const ToolConfigSchema = Type.Object(
  {
    functionCallingConfig: Type.Optional(
      Type.Object({ mode: Type.Optional(Type.String()), allowedFunctionNames: Type.Optional(Type.Array(Type.String())) }, open),
    ),
  },
  open,
)

export const GenerateContentRequestSchema = Type.Object(
  {
    contents: Type.Optional(Type.Array(ContentSchema)),
    systemInstruction: Type.Optional(Type.Object({ role: Type.Optional(Type.String()), parts: Type.Optional(Type.Array(PartSchema)) }, open)),
    generationConfig: Type.Optional(GenerationConfigSchema),
    tools: Type.Optional(Type.Array(ToolSchema)),
    toolConfig: Type.Optional(ToolConfigSchema),
    safetySettings: Type.Optional(Type.Array(Type.Unknown())),
    cachedContent: Type.Optional(Type.String()),
  },
  open,
)

export const CountTokensRequestSchema = Type.Object(
  {
    contents: Type.Optional(Type.Array(ContentSchema)),
    generateContentRequest: Type.Optional(GenerateContentRequestSchema),
  },
  open,
)

export type WirePart = Static<typeof PartSchema>
export type WireContent = Static<typeof ContentSchema>
export type WireGenerationConfig = Static<typeof GenerationConfigSchema>
export type WireGenerateContentRequest = Static<typeof GenerateContentRequestSchema>
export type WireCountTokensRequest = Static<typeof CountTokensRequestSchema>

/** '/contents/0/parts/1/text' -> 'contents[0].parts[1].text', the way Google names fields in errors. */
export function formatFieldPath(pointer: string): string {
  const segments = pointer.split('/').slice(1).map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
  let path = ''
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : path ? `.${segment}` : segment
  return path
}

/** Checks the body against the schema, or throws a 400 that names the first field at fault. */
export function assertWireShape<Schema extends TSchema>(schema: Schema, body: unknown): asserts body is Static<Schema> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'Invalid JSON payload: the request body must be a JSON object')
  }
  if (Value.Check(schema, body)) return
  // The deepest error names the field best; a union reports only at its own level.
  let worst: { path: string; message: string } | undefined
  for (const error of Value.Errors(schema, body)) {
    if (!worst || error.path.length > worst.path.length) worst = { path: error.path, message: error.message }
  }
  const field = formatFieldPath(worst?.path ?? '')
  throw new ProxyError('invalid_request', `Invalid JSON payload: ${field || 'body'}: ${worst?.message ?? 'invalid value'}`, { param: field || undefined })
}
