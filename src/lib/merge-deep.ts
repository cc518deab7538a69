/**
 * Deep merge for layered data (config file → environment → flags; protocol defaults → config
 * overrides): plain objects merge key by key, arrays and scalars replace, `undefined` leaves the
 * base as it is. Only own keys count, and every key is defined as an own property, so a
 * `__proto__` key in a config file is data, never a prototype change.
 */

type PlainObject = Record<string, unknown>

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function mergeDeep<T>(base: T, override: unknown): T {
  if (override === undefined) return base
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T
  const result: PlainObject = {}
  for (const key of Object.keys(base)) Object.defineProperty(result, key, { value: base[key], enumerable: true, writable: true, configurable: true })
  for (const key of Object.keys(override)) {
    const merged = Object.hasOwn(result, key) ? mergeDeep(result[key], override[key]) : override[key]
    if (merged !== undefined) Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true })
  }
  return result as T
}
