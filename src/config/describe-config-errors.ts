/**
 * Turns schema errors into sentences an operator can act on: every bad field with its path, the
 * value it holds (secrets described, never printed) and what is allowed there, read from the
 * schema itself so the message cannot drift from the check. TypeBox alone says only
 * "Expected union value".
 */

import { Kind, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** At most this many fields are listed; the rest are counted. */
const maximumListed = 10

type SchemaNode = TSchema & {
  const?: unknown
  anyOf?: SchemaNode[]
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
}

function describeRange(node: SchemaNode): string {
  const low = node.minimum !== undefined ? `${node.minimum}` : node.exclusiveMinimum !== undefined ? `more than ${node.exclusiveMinimum}` : undefined
  const high = node.maximum !== undefined ? `${node.maximum}` : node.exclusiveMaximum !== undefined ? `less than ${node.exclusiveMaximum}` : undefined
  if (node.minimum !== undefined && node.maximum !== undefined) return ` from ${low} to ${high}`
  if (low !== undefined && high !== undefined) return ` ${low} and ${node.maximum !== undefined ? `at most ${high}` : high}`
  if (node.minimum !== undefined) return ` of at least ${low}`
  if (low !== undefined) return ` ${low}`
  if (node.maximum !== undefined) return ` of at most ${high}`
  return high !== undefined ? ` ${high}` : ''
}

/** What a schema accepts, in words: `one of "debug", "info"`, `a whole number from 0 to 65535`, … */
function describeAllowed(schema: TSchema): string {
  const node = schema as SchemaNode
  switch (node[Kind]) {
    case 'Literal':
      return JSON.stringify(node.const)
    case 'Union': {
      const branches = node.anyOf ?? []
      if (branches.every((branch) => branch[Kind] === 'Literal')) return `one of ${branches.map((branch) => JSON.stringify(branch.const)).join(', ')}`
      return branches.map(describeAllowed).join(' or ')
    }
    case 'String': {
      const length = node.minLength !== undefined && node.minLength > 1 ? ` of at least ${node.minLength} characters` : node.minLength === 1 ? ' (not empty)' : ''
      return `a string${length}${node.pattern !== undefined ? ` matching ${node.pattern}` : ''}`
    }
    case 'Integer':
      return `a whole number${describeRange(node)}`
    case 'Number':
      return `a number${describeRange(node)}`
    case 'Boolean':
      return 'true or false'
    case 'Null':
      return 'null'
    case 'Array':
      return 'a list'
    case 'Object':
    case 'Record':
      return 'a mapping (key: value pairs)'
    default:
      return 'a value of the documented type'
  }
}

export type DescribeOptions = {
  /** Fields whose values are secrets: named, described by type and size, never printed. */
  isSecretField(field: string): boolean
}

function describeValue(value: unknown, secret: boolean): string {
  if (value === undefined) return 'nothing'
  if (!secret) return JSON.stringify(value)
  if (typeof value === 'string') return `a string of ${value.length} characters, not shown`
  return `${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not shown`
}

/** One line per bad field, or null when the value passes the schema. */
export function describeConfigErrors(schema: TSchema, candidate: unknown, options: DescribeOptions): string | null {
  const byField = new Map<string, string>()
  for (const error of Value.Errors(schema, candidate)) {
    const field = error.path.replace(/^\//, '').replaceAll('/', '.') || '(root)'
    if (byField.has(field)) continue
    const got = describeValue(error.value, options.isSecretField(field))
    byField.set(field, error.value === undefined ? `"${field}" is missing; it must be ${describeAllowed(error.schema)}` : `"${field}" is ${got}; it must be ${describeAllowed(error.schema)}`)
  }
  return byField.size === 0 ? null : joinConfigProblems([...byField.values()])
}

/** One problem on the line, several as a list (at most ten, the rest counted). */
export function joinConfigProblems(problems: readonly string[]): string {
  if (problems.length === 1) return `Invalid configuration: ${problems[0]}`
  const listed = problems.slice(0, maximumListed)
  const more = problems.length > maximumListed ? [`…and ${problems.length - maximumListed} more`] : []
  return `Invalid configuration:\n${[...listed, ...more].map((line) => `  - ${line}`).join('\n')}`
}
