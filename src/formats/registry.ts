/**
 * The static format registry. Duplicate format ids or two formats claiming the same route fail
 * at startup: a route answered by the wrong format would render errors in the wrong envelope.
 */

import type { FormatPlugin } from './types.ts'

export function createFormatRegistry(formats: readonly FormatPlugin[]): readonly FormatPlugin[] {
  const ids = new Set<string>()
  const routes = new Map<string, string>()
  for (const format of formats) {
    if (!format.id) throw new Error('A format plugin has an empty id')
    if (ids.has(format.id)) throw new Error(`Duplicate format plugin id "${format.id}"`)
    ids.add(format.id)
    for (const route of format.routes) {
      const key = `${route.method} ${route.path}`
      const owner = routes.get(key)
      if (owner) throw new Error(`Route ${key} is claimed by both "${owner}" and "${format.id}"`)
      routes.set(key, format.id)
    }
  }
  return formats
}

/** How much of `path` one declaration matches from its start (0: none). */
function matchLength(prefix: string | RegExp, path: string): number {
  if (typeof prefix === 'string') return path.startsWith(prefix) ? prefix.length : 0
  const match = prefix.exec(path)
  return match?.index === 0 ? match[0].length : 0
}

/** The format whose envelope an answer on this path uses when no route of it matched (404, 405). */
export function formatForPath(formats: readonly FormatPlugin[], path: string): FormatPlugin | undefined {
  let best: FormatPlugin | undefined
  let bestLength = 0
  for (const format of formats) {
    const length = Math.max(0, ...format.pathPrefixes.map((prefix) => matchLength(prefix, path)))
    if (length > bestLength) {
      best = format
      bestLength = length
    }
  }
  return best
}
