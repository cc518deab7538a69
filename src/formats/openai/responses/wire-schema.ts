/**
 * The tolerant wire schema of a Responses API request (`POST /v1/responses`), in TypeBox. Like
 * the chat schema it checks only what this server reads, lets every other field through and
 * accepts `null` where OpenAI does. Input items and content parts are checked one by one after
 * their `type` is known (decode-input.ts), so a 400 names the exact field instead of saying
 * "expected union value".
 */

import { Type, type TSchema } from '@sinclair/typebox'

function nullable<T extends TSchema>(schema: T) {
  return Type.Optional(Type.Union([schema, Type.Null()]))
}

const TypedObject = Type.Object({ type: Type.String() })

export const ResponsesRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  input: Type.Union([Type.String(), Type.Array(Type.Object({}))]),
  instructions: nullable(Type.String()),
  stream: nullable(Type.Boolean()),
  max_output_tokens: nullable(Type.Integer({ minimum: 1 })),
  temperature: nullable(Type.Number({ minimum: 0, maximum: 2 })),
  top_p: nullable(Type.Number({ minimum: 0, maximum: 1 })),
  tools: nullable(Type.Array(TypedObject)),
  tool_choice: nullable(Type.Union([Type.String(), TypedObject])),
  text: nullable(Type.Object({ format: nullable(TypedObject) })),
  reasoning: nullable(
    Type.Object({ effort: nullable(Type.String()), summary: nullable(Type.String()), generate_summary: nullable(Type.String()) }),
  ),
  store: nullable(Type.Boolean()),
  include: nullable(Type.Array(Type.String())),
  metadata: nullable(Type.Record(Type.String(), Type.Unknown())),
  user: nullable(Type.String()),
  safety_identifier: nullable(Type.String()),
  previous_response_id: nullable(Type.String()),
  background: nullable(Type.Boolean()),
})

/** A message item: `type: "message"` is optional on input (EasyInputMessage has none). */
export const MessageItemSchema = Type.Object({
  type: Type.Optional(Type.Literal('message')),
  role: Type.String(),
  content: Type.Union([Type.String(), Type.Array(TypedObject)]),
})

export const FunctionCallItemSchema = Type.Object({
  type: Type.Literal('function_call'),
  call_id: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  arguments: nullable(Type.String()),
})

export const FunctionCallOutputItemSchema = Type.Object({
  type: Type.Literal('function_call_output'),
  call_id: Type.String({ minLength: 1 }),
  output: Type.Union([Type.String(), Type.Array(TypedObject)]),
})

export const TextPartSchema = Type.Object({ type: Type.String(), text: Type.String() })

export const RefusalPartSchema = Type.Object({ type: Type.Literal('refusal'), refusal: Type.String() })

export const InputImagePartSchema = Type.Object({
  type: Type.Literal('input_image'),
  image_url: nullable(Type.String({ minLength: 1 })),
  file_id: nullable(Type.String()),
  detail: nullable(Type.String()),
})

export const InputFilePartSchema = Type.Object({
  type: Type.Literal('input_file'),
  file_data: nullable(Type.String()),
  file_id: nullable(Type.String()),
  file_url: nullable(Type.String()),
  filename: nullable(Type.String()),
})

export const FunctionToolSchema = Type.Object({
  type: Type.Literal('function'),
  name: Type.String({ minLength: 1 }),
  description: nullable(Type.String()),
  strict: nullable(Type.Boolean()),
})

export const NamedToolChoiceSchema = Type.Object({ type: Type.Literal('function'), name: Type.String({ minLength: 1 }) })

export const AllowedToolsChoiceSchema = Type.Object({
  type: Type.Literal('allowed_tools'),
  mode: Type.Union([Type.Literal('auto'), Type.Literal('required')]),
  tools: Type.Array(TypedObject),
})

export const JsonSchemaFormatSchema = Type.Object({
  type: Type.Literal('json_schema'),
  name: nullable(Type.String()),
  schema: Type.Optional(Type.Unknown()),
})
