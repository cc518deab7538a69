/**
 * A minimal, tolerant TypeBox schema of Google's GenerateContentRequest. It checks only the types
 * of the fields this server reads, and lets every other field through, because the official SDKs
 * send fields we ignore (safetySettings, cachedContent, speechConfig...) and new ones appear often.
 * A mismatch becomes one 400 INVALID_ARGUMENT that names the field at fault. The shorthand forms
 * (a string `contents`, one Content object, a string `systemInstruction`) are normalised before
 * the check, so the schema has no unions and every error names a precise field.
 */

import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ProxyError } from '../../core/errors.ts'
import { findWireProblem } from '../shared/check-wire-value.ts'

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

/** Checks the body against the schema, or throws a 400 that names the first field at fault, in Google's words. */
export function assertWireShape<Schema extends TSchema>(schema: Schema, body: unknown): asserts body is Static<Schema> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'Invalid JSON payload: the request body must be a JSON object')
  }
  const problem = findWireProblem(schema, body)
  if (problem) throw new ProxyError('invalid_request', `Invalid JSON payload: ${problem.field || 'body'}: ${problem.reason}`, { param: problem.field || undefined })
}
