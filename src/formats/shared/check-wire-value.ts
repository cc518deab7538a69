/**
 * Checks one wire value against a TypeBox schema and turns the first failure into a 400 that
 * names the field the way OpenAI does (`messages[2].content[0].image_url.url`), so a client
 * author sees at once which field to fix.
 */

import type { Static, TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { ProxyError } from '../../core/errors.ts'

/** Joins a base field name and a JSON pointer from TypeBox into `a.b[0].c` form. */
export function joinParam(base: string, pointer: string): string {
  let param = base
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~')
    if (/^\d+$/.test(key)) param += `[${key}]`
    else param += param === '' ? key : `.${key}`
  }
  return param
}

function describeSchema(schema: TSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  if (schema.type === 'array') return 'an array'
  if (schema.type === 'object') return 'an object'
  return typeof schema.type === 'string' ? schema.type : 'a value'
}

/** TypeBox says only "Expected union value" for unions; list the alternatives instead. */
function describeFailure(schema: TSchema, message: string): string {
  const options = schema.anyOf as TSchema[] | undefined
  if (!Array.isArray(options)) return message
  return `Expected ${[...new Set(options.map(describeSchema))].join(' or ')}`
}

export function assertWireValue<T extends TSchema>(schema: T, value: unknown, base: string): asserts value is Static<T> {
  if (Value.Check(schema, value)) return
  const first = Value.Errors(schema, value).First()
  const param = joinParam(base, first?.path ?? '')
  const reason = first ? describeFailure(first.schema, first.message) : 'Invalid value'
  throw new ProxyError('invalid_request', `Invalid value for '${param || 'body'}': ${reason}`, { param: param || undefined })
}

/** A 400 for a field whose value is well-formed JSON but not one this server accepts. */
export function invalidField(param: string, message: string): ProxyError {
  return new ProxyError('invalid_request', `Invalid value for '${param}': ${message}`, { param })
}
