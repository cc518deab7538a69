/**
 * Reading JSPB arrays. JSPB writes high field numbers into a trailing plain object keyed by the
 * 1-based field number, so "index i" is `array[i]` or, when that is absent, `last["i+1"]`
 * (docs/upstream-protocol.md, "Answers"). Every path read of an upstream payload goes through here.
 */

export function readIndex(value: unknown, index: number): unknown {
  if (!Array.isArray(value)) return undefined
  const direct = value[index]
  if (direct !== undefined && direct !== null) return direct
  const last = value[value.length - 1]
  if (typeof last === 'object' && last !== null && !Array.isArray(last)) {
    const sparse = (last as Record<string, unknown>)[String(index + 1)]
    if (sparse !== undefined) return sparse
  }
  return direct
}

function readPath(value: unknown, path: readonly number[]): unknown {
  let current = value
  for (const index of path) {
    current = readIndex(current, index)
    if (current === undefined || current === null) return current
  }
  return current
}

export function readString(value: unknown, path: readonly number[]): string | undefined {
  const result = readPath(value, path)
  return typeof result === 'string' ? result : undefined
}

export function readNumber(value: unknown, path: readonly number[]): number | undefined {
  const result = readPath(value, path)
  return typeof result === 'number' ? result : undefined
}

export function readArray(value: unknown, path: readonly number[]): unknown[] | undefined {
  const result = readPath(value, path)
  return Array.isArray(result) ? result : undefined
}
