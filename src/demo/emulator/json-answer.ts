/**
 * The emulated model's JSON answers. When a prompt asks for one JSON value (the gateway's wording,
 * see src/core/structured-output/build-json-instruction.ts; the emulator keeps its own copy of the
 * marker so it stays independent of the client), the answer is a small value valid against the
 * quoted JSON Schema, so clients that parse structured answers (gemini-cli's router, the AI SDK's
 * generateObject) work offline.
 */

const schemaPattern = /It must validate against this JSON Schema:[^\n]*\n```json\n([\s\S]*?)\n```/
const jsonRequestPattern = /Reply with one JSON value and nothing else/

type Schema = Record<string, unknown>

function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type
  return typeof type === 'string' ? type.toLowerCase() : undefined
}

function buildNumber(schema: Schema, integer: boolean): number {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : 1
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : Math.max(minimum, 1)
  const value = Math.min(Math.max(1, minimum), maximum)
  return integer ? Math.ceil(value) : value
}

/** A value valid against common schemas (object, array, string, number, integer, boolean, enum, anyOf). */
export function buildSchemaInstance(schema: unknown, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 8) return 'emulated'
  const node = schema as Schema
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0]
  if ('const' in node) return node.const
  const alternatives = (node.anyOf ?? node.oneOf) as unknown[] | undefined
  if (Array.isArray(alternatives) && alternatives.length > 0) return buildSchemaInstance(alternatives[0], depth + 1)
  switch (typeOf(node)) {
    case 'object': {
      const properties = typeof node.properties === 'object' && node.properties !== null ? (node.properties as Record<string, unknown>) : {}
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, buildSchemaInstance(value, depth + 1)]))
    }
    case 'array':
      return [buildSchemaInstance(node.items, depth + 1)]
    case 'integer':
      return buildNumber(node, true)
    case 'number':
      return buildNumber(node, false)
    case 'boolean':
      return true
    case 'null':
      return null
    default:
      return 'emulated'
  }
}

/** The JSON answer for a prompt that asks for one, or null for an ordinary prompt. */
export function answerAsJson(prompt: string, echo: string): string | null {
  const quoted = schemaPattern.exec(prompt)
  if (quoted) {
    try {
      return JSON.stringify(buildSchemaInstance(JSON.parse(quoted[1] ?? '')))
    } catch {
      return JSON.stringify({ answer: `Emulated answer to: ${echo}` })
    }
  }
  return jsonRequestPattern.test(prompt) ? JSON.stringify({ answer: `Emulated answer to: ${echo}` }) : null
}
