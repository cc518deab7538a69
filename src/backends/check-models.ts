/**
 * Startup check that every listed model can be served: its backend is registered. Without it, a
 * config row with a typo answered the first request with a 500. (Upstream roles are checked by the
 * config schema, src/models/model-spec.ts.)
 */

import { joinConfigProblems } from '../config/describe-config-errors.ts'
import { ConfigError } from '../config/load-config.ts'
import type { ModelSpec } from '../models/model-spec.ts'
import type { BackendPlugin } from './types.ts'

export function findModelProblems(models: readonly ModelSpec[], backends: ReadonlyMap<string, BackendPlugin>): string[] {
  const problems: string[] = []
  for (const model of models) {
    if (!backends.has(model.backend)) problems.push(`model "${model.id}" names backend "${model.backend}", which does not exist; use ${[...backends.keys()].join(' or ')}`)
  }
  return problems
}

export function assertModelsServable(models: readonly ModelSpec[], backends: ReadonlyMap<string, BackendPlugin>): void {
  const problems = findModelProblems(models, backends)
  if (problems.length === 0) return
  throw new ConfigError(joinConfigProblems(problems))
}
