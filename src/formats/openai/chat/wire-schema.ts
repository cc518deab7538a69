/**
 * The tolerant wire schema of an OpenAI chat request, in TypeBox. It checks only the fields this
 * server reads, lets every other field through (clients send many we never use), and accepts
 * `null` wherever OpenAI's own server does, so a request the real API takes is not refused here.
 * Messages and content parts are checked one by one by role and type (see decode-chat-messages),
 * because a schema union over them would only say "expected union value" instead of naming the
 * field at fault.
 */

import { Type, type TSchema } from '@sinclair/typebox'

function nullable<T extends TSchema>(schema: T) {
  return Type.Optional(Type.Union([schema, Type.Null()]))
}

const NamedFunction = Type.Object({ name: Type.String({ minLength: 1 }) })

export const ChatRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(Type.Object({ role: Type.String() }), { minItems: 1 }),
  stream: nullable(Type.Boolean()),
  stream_options: nullable(Type.Object({ include_usage: nullable(Type.Boolean()) })),
  max_tokens: nullable(Type.Integer({ minimum: 1 })),
  max_completion_tokens: nullable(Type.Integer({ minimum: 1 })),
  temperature: nullable(Type.Number({ minimum: 0, maximum: 2 })),
  top_p: nullable(Type.Number({ minimum: 0, maximum: 1 })),
  seed: nullable(Type.Integer()),
  stop: nullable(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 16 })])),
  n: nullable(Type.Integer({ minimum: 1 })),
  reasoning_effort: nullable(Type.String()),
  response_format: nullable(Type.Object({ type: Type.String() })),
  tools: nullable(Type.Array(Type.Object({ type: Type.String() }))),
  tool_choice: nullable(Type.Union([Type.String(), Type.Object({ type: Type.String() })])),
  functions: nullable(Type.Array(NamedFunction)),
  function_call: nullable(Type.Union([Type.String(), NamedFunction])),
  modalities: nullable(Type.Array(Type.String())),
  user: nullable(Type.String()),
  safety_identifier: nullable(Type.String()),
})

/** One function tool as clients send it; `parameters` is any JSON schema. */
export const FunctionToolSchema = Type.Object({
  type: Type.Literal('function'),
  function: Type.Object({ name: Type.String({ minLength: 1 }), description: nullable(Type.String()) }),
})

export const CustomToolSchema = Type.Object({
  type: Type.Literal('custom'),
  custom: Type.Object({ name: Type.String({ minLength: 1 }), description: nullable(Type.String()) }),
})

export const JsonSchemaFormatSchema = Type.Object({
  type: Type.Literal('json_schema'),
  json_schema: Type.Object({ name: nullable(Type.String()), schema: Type.Optional(Type.Unknown()) }),
})

export const NamedToolChoiceSchema = Type.Object({ type: Type.Literal('function'), function: NamedFunction })

export const AllowedToolsChoiceSchema = Type.Object({
  type: Type.Literal('allowed_tools'),
  allowed_tools: Type.Object({
    mode: Type.Union([Type.Literal('auto'), Type.Literal('required')]),
    tools: Type.Array(Type.Object({ type: Type.String() })),
  }),
})

// Messages, checked after the role is known.
const TextPart = Type.Object({ type: Type.Literal('text'), text: Type.String() })

const TextContentSchema = Type.Union([Type.String(), Type.Array(Type.Object({ type: Type.String() }))])

export const TextPartSchema = TextPart

export const RefusalPartSchema = Type.Object({ type: Type.Literal('refusal'), refusal: Type.String() })

export const ImageUrlPartSchema = Type.Object({
  type: Type.Literal('image_url'),
  image_url: Type.Object({ url: Type.String({ minLength: 1 }), detail: nullable(Type.String()) }),
})

export const FilePartSchema = Type.Object({
  type: Type.Literal('file'),
  file: Type.Object({ file_data: nullable(Type.String()), file_id: nullable(Type.String()), filename: nullable(Type.String()) }),
})

export const ToolCallSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  type: Type.Optional(Type.Literal('function')),
  function: Type.Object({ name: Type.String({ minLength: 1 }), arguments: nullable(Type.String()) }),
})

export const UserMessageSchema = Type.Object({ role: Type.Literal('user'), content: TextContentSchema, name: nullable(Type.String()) })

export const SystemMessageSchema = Type.Object({
  role: Type.Union([Type.Literal('system'), Type.Literal('developer')]),
  content: TextContentSchema,
})

export const AssistantMessageSchema = Type.Object({
  role: Type.Literal('assistant'),
  content: nullable(TextContentSchema),
  refusal: nullable(Type.String()),
  tool_calls: nullable(Type.Array(Type.Object({}))),
  function_call: nullable(Type.Object({ name: Type.String({ minLength: 1 }), arguments: nullable(Type.String()) })),
})

export const ToolMessageSchema = Type.Object({ role: Type.Literal('tool'), tool_call_id: Type.String({ minLength: 1 }), content: TextContentSchema })

export const FunctionMessageSchema = Type.Object({ role: Type.Literal('function'), name: Type.String({ minLength: 1 }), content: nullable(Type.String()) })
