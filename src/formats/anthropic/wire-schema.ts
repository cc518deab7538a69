/**
 * The tolerant wire schema of an Anthropic Messages request, in TypeBox. It checks the type of
 * every field this server reads and lets every other field through, because Anthropic's clients
 * add fields with each release (Claude Code sends `context_management`, `output_config`, beta
 * fields) and Anthropic itself ignores what it does not know. Content blocks are checked one by
 * one once their `type` is known, so a mistake is named precisely (`messages.0.content.1.source`)
 * instead of "expected union value". Field names are written the way Anthropic writes them:
 * dotted, with array indexes as segments.
 */

import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ProxyError } from '../../core/errors.ts'
import { findWireProblem } from '../shared/check-wire-value.ts'

const open = { additionalProperties: true }

function nullable<T extends TSchema>(schema: T) {
  return Type.Optional(Type.Union([schema, Type.Null()]))
}

const BlockListSchema = Type.Array(Type.Object({ type: Type.String() }, open))

const MessageSchema = Type.Object(
  {
    role: Type.String(),
    content: Type.Union([Type.String(), BlockListSchema]),
  },
  open,
)

export const MessagesRequestSchema = Type.Object(
  {
    model: Type.String({ minLength: 1 }),
    messages: Type.Array(MessageSchema),
    system: Type.Optional(Type.Union([Type.String(), BlockListSchema])),
    max_tokens: Type.Optional(Type.Integer({ minimum: 0 })),
    stream: nullable(Type.Boolean()),
    stop_sequences: nullable(Type.Array(Type.String())),
    temperature: nullable(Type.Number({ minimum: 0, maximum: 2 })),
    top_p: nullable(Type.Number({ minimum: 0, maximum: 1 })),
    top_k: nullable(Type.Integer({ minimum: 0 })),
    metadata: nullable(Type.Object({ user_id: nullable(Type.String()) }, open)),
    tools: nullable(Type.Array(Type.Object({ name: Type.String({ minLength: 1 }), type: nullable(Type.String()) }, open))),
    tool_choice: nullable(Type.Object({ type: Type.String(), name: Type.Optional(Type.String()), disable_parallel_tool_use: Type.Optional(Type.Boolean()) }, open)),
    thinking: nullable(Type.Object({ type: Type.String(), budget_tokens: Type.Optional(Type.Integer({ minimum: 0 })), display: Type.Optional(Type.String()) }, open)),
    output_config: nullable(Type.Object({ effort: nullable(Type.String()), format: nullable(Type.Object({ type: Type.String(), schema: Type.Optional(Type.Unknown()) }, open)) }, open)),
    output_format: nullable(Type.Object({ type: Type.String(), schema: Type.Optional(Type.Unknown()) }, open)),
  },
  open,
)

export type WireMessagesRequest = Static<typeof MessagesRequestSchema>
export type WireMessage = Static<typeof MessageSchema>
export type WireBlock = { type: string } & Record<string, unknown>

export const TextBlockSchema = Type.Object({ type: Type.Literal('text'), text: Type.String() }, open)

export const ImageBlockSchema = Type.Object(
  {
    type: Type.Literal('image'),
    source: Type.Object({ type: Type.String(), media_type: Type.Optional(Type.String()), data: Type.Optional(Type.String()), url: Type.Optional(Type.String()) }, open),
  },
  open,
)

export const DocumentBlockSchema = Type.Object(
  {
    type: Type.Literal('document'),
    source: Type.Object(
      {
        type: Type.String(),
        media_type: Type.Optional(Type.String()),
        data: Type.Optional(Type.String()),
        url: Type.Optional(Type.String()),
        content: Type.Optional(Type.Union([Type.String(), BlockListSchema])),
      },
      open,
    ),
    title: nullable(Type.String()),
  },
  open,
)

export const ToolUseBlockSchema = Type.Object(
  { type: Type.Literal('tool_use'), id: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }), input: Type.Optional(Type.Unknown()) },
  open,
)

export const ToolResultBlockSchema = Type.Object(
  {
    type: Type.Literal('tool_result'),
    tool_use_id: Type.String({ minLength: 1 }),
    content: Type.Optional(Type.Union([Type.String(), BlockListSchema])),
    is_error: nullable(Type.Boolean()),
  },
  open,
)

export const CustomToolSchema = Type.Object(
  { name: Type.String({ minLength: 1 }), description: nullable(Type.String()), input_schema: Type.Object({}, open) },
  open,
)

/** `messages[0].content[1]` (TypeBox pointers joined) to Anthropic's `messages.0.content.1`. */
export function toDottedField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '')
}

/** A 400 in Anthropic's wording: `<field>: <reason>`. */
export function invalidAnthropicField(field: string, reason: string): ProxyError {
  const dotted = toDottedField(field)
  return new ProxyError('invalid_request', dotted ? `${dotted}: ${reason}` : reason, dotted ? { param: dotted } : {})
}

/** Checks a value against a schema, or throws a 400 naming the first field at fault. */
export function assertAnthropicValue<Schema extends TSchema>(schema: Schema, value: unknown, base: string): asserts value is Static<Schema> {
  const problem = findWireProblem(schema, value, base)
  // TypeBox says "Expected required property"; Anthropic says "Field required".
  if (problem) throw invalidAnthropicField(problem.field, problem.reason === 'Expected required property' ? 'Field required' : problem.reason)
}
