/**
 * Caps how deeply a request body may nest. JSON.parse copes with any depth, but the steps after
 * it (schema conversion, tool emulation, the encoders) walk values recursively, and 20,000 levels
 * of `responseSchema` overflowed the stack (a 500). The walk here is iterative, so it cannot
 * overflow itself, and it names the path where the body got too deep.
 */

/** Deeper than any real schema or message list; far below what a recursive walk survives. */
export const maximumJsonDepth = 64

type Pending = { value: unknown; depth: number; path: string }

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`
}

/** The path of the first value nested deeper than `maximumDepth`, or null. */
export function findTooDeepPath(root: unknown, maximumDepth = maximumJsonDepth): string | null {
  const pending: Pending[] = [{ value: root, depth: 0, path: '' }]
  while (pending.length > 0) {
    const { value, depth, path } = pending.pop()!
    if (typeof value !== 'object' || value === null) continue
    if (depth >= maximumDepth) return shortenPath(path === '' ? '(the body)' : path)
    if (Array.isArray(value)) value.forEach((item, index) => pending.push({ value: item, depth: depth + 1, path: childPath(path, index) }))
    else for (const [key, item] of Object.entries(value)) pending.push({ value: item, depth: depth + 1, path: childPath(path, key) })
  }
  return null
}

/** A path 64 levels deep is unreadable; its start says which field it is. */
function shortenPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 117)}…`
}
