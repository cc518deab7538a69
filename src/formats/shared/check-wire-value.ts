/**
 * Checks a wire value against a TypeBox schema and names the field at fault, for every format:
 * the deepest failing field in `a.b[0].c` form and a reason that lists the alternatives of a
 * union (TypeBox alone says only "Expected union value"). Each format words the 400 its own way
 * (see `assertWireValue` below for the OpenAI family and src/formats/gemini/wire-schema.ts).
 */

import type { Static, TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import { Value } from '@sinclair/typebox/value'
import { ProxyError } from '../../core/errors.ts'

export type WireProblem = { field: string; reason: string }

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

function describeFailure(schema: TSchema, message: string): string {
  const options = schema.anyOf as TSchema[] | undefined
  if (!Array.isArray(options)) return message
  return `Expected ${[...new Set(options.map(describeSchema))].join(' or ')}`
}

/**
 * Every request body is checked, so each schema is compiled once (TypeBox's compiler turns it
 * into one function, several times faster than walking the schema per value); only a failing
 * value is walked again to find the field at fault.
 */
const compiledChecks = new WeakMap<TSchema, TypeCheck<TSchema>>()

function compiledCheck(schema: TSchema): TypeCheck<TSchema> {
  let check = compiledChecks.get(schema)
  if (!check) {
    check = TypeCompiler.Compile(schema)
    compiledChecks.set(schema, check)
  }
  return check
}

/** The deepest failure (it names the field best), or null when the value fits the schema. */
export function findWireProblem(schema: TSchema, value: unknown, base = ''): WireProblem | null {
  if (compiledCheck(schema).Check(value)) return null
  let deepest: { path: string; schema: TSchema; message: string } | undefined
  for (const error of Value.Errors(schema, value)) {
    if (!deepest || error.path.length > deepest.path.length) deepest = error
  }
  if (!deepest) return { field: base, reason: 'Invalid value' }
  return { field: joinParam(base, deepest.path), reason: describeFailure(deepest.schema, deepest.message) }
}

/** OpenAI-family wording: `Invalid value for 'messages[2].content': Expected string or an array`. */
export function assertWireValue<T extends TSchema>(schema: T, value: unknown, base: string): asserts value is Static<T> {
  const problem = findWireProblem(schema, value, base)
  if (problem) throw invalidField(problem.field || 'body', problem.reason)
}

/** A 400 for a field whose value is well-formed JSON but not one this server accepts. */
export function invalidField(param: string, message: string): ProxyError {
  return new ProxyError('invalid_request', `Invalid value for '${param}': ${message}`, { param: param === 'body' ? undefined : param })
}
