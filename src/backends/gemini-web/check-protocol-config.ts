/**
 * Startup check of `upstream.protocol` (deep-partial overrides of
 * src/backends/gemini-web/protocol-data.ts). A typo there used to pass silently and surface as a
 * 500 on the first request (a misspelt section is ignored; a string where a number belongs breaks
 * request building). Every key must exist in the defaults with a value of the same type, except
 * inside the sections that are tables by nature (headers, slot defaults, error codes), where new
 * keys are data; their entries still take only the fields entries of that table have. Model roles
 * are not a table: the roles are fixed (src/models/model-spec.ts), their hex ids are data.
 */

import { joinConfigProblems } from '../../config/describe-config-errors.ts'
import { ConfigError } from '../../config/load-config.ts'
import type { ProtocolData } from './protocol-data.ts'

/** Sections whose keys are data (any key may be added). Paths are relative to upstream.protocol. */
const tableSections = new Set([
  'headers.common',
  'headers.form',
  'headers.generateExtra',
  'headers.batchExtra',
  'headers.upload',
  'headers.imageDownload',
  'request.slotDefaults',
  'rotation.headers.refresh-strategy',
  'rotation.headers.legacy',
  'bardErrors',
])

/** Tables whose entries are free-form values (a slot may hold any JSON). */
const freeFormTables = new Set(['request.slotDefaults'])

export function listTableSections(): string[] {
  return [...tableSections]
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  if (isObject(value)) return 'a mapping'
  return `a ${typeof value}`
}

/** The shape every entry of a table may take: the union of the fields of its default entries. */
function entryShape(table: Json): Json | null {
  const entries = Object.values(table)
  if (!entries.every(isObject)) return null
  const shape: Json = {}
  for (const entry of entries) for (const [field, value] of Object.entries(entry)) shape[field] ??= value
  return shape
}

/** Every problem with an override, one sentence each; an empty list means it is fine. */
export function findProtocolOverrideProblems(override: unknown, defaults: ProtocolData): string[] {
  const problems: string[] = []
  const field = (path: string) => `upstream.protocol.${path}`
  const compare = (value: unknown, base: unknown, path: string): void => {
    if (base === null || base === undefined) return
    if (typeName(value) !== typeName(base)) {
      problems.push(`"${field(path)}" is ${typeName(value)} (${JSON.stringify(value)?.slice(0, 60)}); it must be ${typeName(base)}, like the default`)
      return
    }
    if (isObject(value) && isObject(base)) walk(value, base, path)
  }
  const walk = (value: Json, base: Json, path: string): void => {
    const table = tableSections.has(path)
    const shape = table ? entryShape(base) : null
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`
      if (table) {
        if (freeFormTables.has(path)) continue
        if (shape === null) compare(child, Object.values(base)[0], childPath)
        else if (!isObject(child)) problems.push(`"${field(childPath)}" is ${typeName(child)}; an entry of ${field(path)} must be a mapping`)
        else walkEntry(child, Object.hasOwn(base, key) ? { ...shape, ...(base[key] as Json) } : shape, childPath)
        continue
      }
      if (!Object.hasOwn(base, key)) {
        problems.push(`"${field(childPath)}" is not a protocol setting; the settings ${path === '' ? 'at the top of upstream.protocol' : `under ${field(path)}`} are ${Object.keys(base).join(', ')}`)
        continue
      }
      compare(child, base[key], childPath)
    }
  }
  const walkEntry = (entry: Json, shape: Json, path: string): void => {
    for (const [key, child] of Object.entries(entry)) {
      if (!Object.hasOwn(shape, key)) problems.push(`"${field(`${path}.${key}`)}" is not a field of this entry; the fields are ${Object.keys(shape).join(', ')}`)
      else compare(child, shape[key], `${path}.${key}`)
    }
  }
  if (override === undefined) return problems
  if (!isObject(override)) return [`"upstream.protocol" is ${typeName(override)}; it must be a mapping`]
  walk(override, defaults as unknown as Json, '')
  return problems
}

/** Returns the override unchanged, or throws a ConfigError listing every problem. */
export function assertProtocolOverride(override: Record<string, unknown>, defaults: ProtocolData): Record<string, unknown> {
  const problems = findProtocolOverrideProblems(override, defaults)
  if (problems.length === 0) return override
  throw new ConfigError(joinConfigProblems(problems))
}
