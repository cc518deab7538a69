/**
 * Content parts are objects tagged by `type` in every JSON format: one decoder per type, looked
 * up in a Map (a wire value like `constructor` must be an unknown type, not an Object.prototype
 * member), and one clear 400 naming the field for a type the format does not take.
 */

import { invalidField } from './check-wire-value.ts'

export type PartDecoders<T> = ReadonlyMap<string, (value: unknown, param: string) => T>

/** `expected` names the accepted types for the error ("text, image_url or file"). */
export function decodeTypedPart<T>(value: unknown, param: string, decoders: PartDecoders<T>, expected: string): T {
  const type = (value as { type?: unknown } | null)?.type
  const decoder = typeof type === 'string' ? decoders.get(type) : undefined
  if (!decoder) throw invalidField(`${param}.type`, `unknown content type '${String(type).slice(0, 32)}'; expected ${expected}`)
  return decoder(value, param)
}
