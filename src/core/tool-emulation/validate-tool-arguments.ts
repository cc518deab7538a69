/**
 * A deliberately small check of emulated tool arguments against the tool's JSON Schema, so a call
 * the caller's code would choke on (missing required field, a string where a number belongs) is
 * shown as text instead of being executed. It checks only the top level:
 *
 * - the arguments are a JSON object;
 * - every name in the schema's `required` list is present;
 * - a property whose schema gives `type` (a string or a list, OpenAPI/Gemini upper case too)
 *   has a value of that JSON type (`integer` means a whole number; `nullable: true` allows null);
 * - a property whose schema gives `enum` has one of the listed values.
 *
 * Not checked: nested objects and array items, `additionalProperties`, formats, ranges, patterns,
 * `anyOf`/`oneOf`/`$ref`. Those are left to the caller, as an API would leave them to the model.
 */

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null'

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function matchesType(value: unknown, type: string): boolean {
  switch (type.toLowerCase() as JsonType) {
    case 'string':
      return typeof value === 'string'
    case 'number':
      return typeof value === 'number'
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'object':
      return isPlainObject(value)
    case 'array':
      return Array.isArray(value)
    case 'null':
      return value === null
    default:
      // A type word we do not know (or "any"): nothing to check.
      return true
  }
}

function checkProperty(name: string, value: unknown, schema: unknown): string | null {
  if (!isPlainObject(schema)) return null
  const declared = schema.type
  const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared.filter((entry): entry is string => typeof entry === 'string') : []
  if (types.length > 0) {
    const allowsNull = schema.nullable === true && value === null
    if (!allowsNull && !types.some((type) => matchesType(value, type))) {
      return `argument "${name}" should be ${types.join(' or ')}, got ${describeValue(value)}`
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `argument "${name}" should be one of ${JSON.stringify(schema.enum)}`
  }
  return null
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && !Number.isInteger(value)) return 'number'
  return typeof value === 'number' ? 'integer' : typeof value
}

/** Returns why the arguments do not fit the schema, or null when they do (or there is no schema). */
export function validateToolArguments(argumentsValue: unknown, schema: unknown): string | null {
  if (!isPlainObject(argumentsValue)) return `"arguments" must be a JSON object, got ${describeValue(argumentsValue)}`
  if (!isPlainObject(schema)) return null
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !Object.hasOwn(argumentsValue, name)) return `missing required argument "${name}"`
    }
  }
  if (isPlainObject(schema.properties)) {
    for (const [name, propertySchema] of Object.entries(schema.properties)) {
      if (!Object.hasOwn(argumentsValue, name)) continue
      const problem = checkProperty(name, argumentsValue[name], propertySchema)
      if (problem) return problem
    }
  }
  return null
}
