/**
 * The static backend registry. `bun build --compile` needs static imports, so backends are
 * listed in code and registered here; a duplicate or empty id fails at startup.
 */

import type { BackendPlugin } from './types.ts'

export function createBackendRegistry(backends: readonly BackendPlugin[]): ReadonlyMap<string, BackendPlugin> {
  const registry = new Map<string, BackendPlugin>()
  for (const backend of backends) {
    if (!backend.id) throw new Error('A backend plugin has an empty id')
    if (registry.has(backend.id)) throw new Error(`Duplicate backend plugin id "${backend.id}"`)
    registry.set(backend.id, backend)
  }
  return registry
}
