/**
 * The model registry: the built-in table merged with config overrides, with alias lookup.
 * Duplicate ids or aliases fail at startup, because an ambiguous model name is a config bug that
 * should never reach a request.
 */

import { Value } from '@sinclair/typebox/value'
import { ProxyError } from '../core/errors.ts'
import { compileNameRule, defaultModelNameRules, type ModelNameRule } from './model-name-rules.ts'
import { builtinModels } from './model-table.ts'
import { ModelSpecSchema, type ModelSpec } from './model-spec.ts'

export type ModelRegistry = {
  list(): readonly ModelSpec[]
  /** Resolves an id or alias (with or without `models/`); throws model_not_found. */
  resolve(name: string): ModelSpec
  find(name: string): ModelSpec | undefined
}

/** A config row (`models[]`): an id plus any fields of ModelSpec, or `enabled: false` to hide a model. */
export type ModelOverride = { id: string; enabled?: unknown; [field: string]: unknown }

function mergeModel(base: ModelSpec, fields: Record<string, unknown>): ModelSpec {
  return {
    ...base,
    ...fields,
    capabilities: { ...base.capabilities, ...(fields.capabilities as object | undefined) },
    upstream: { ...base.upstream, ...(fields.upstream as object | undefined) },
  } as ModelSpec
}

/** The registry a running server uses: the built-in table, the config's rows, then its name rules before the defaults. */
export function createConfiguredModelRegistry(config: { models: readonly ModelOverride[]; modelNameRules: readonly ModelNameRule[] }): ModelRegistry {
  return createModelRegistry(builtinModels, config.models, [...config.modelNameRules, ...defaultModelNameRules])
}

/** Strips `models/` so `models/gemini-2.5-flash` and `gemini-2.5-flash` name the same model. */
function normalizeModelName(name: string): string {
  return name.trim().replace(/^models\//, '')
}

export function createModelRegistry(builtin: readonly ModelSpec[], overrides: readonly ModelOverride[] = [], nameRules: readonly ModelNameRule[] = []): ModelRegistry {
  const byId = new Map<string, ModelSpec>(builtin.map((model) => [model.id, model]))
  if (byId.size !== builtin.length) throw new Error('Duplicate model id in the built-in model table')
  for (const override of overrides) {
    const { enabled, ...fields } = override
    const existing = byId.get(override.id)
    if (enabled === false) {
      byId.delete(override.id)
      continue
    }
    const merged = existing ? mergeModel(existing, fields) : (fields as unknown as ModelSpec)
    const filled = Value.Default(ModelSpecSchema, { ...merged, aliases: merged.aliases ?? [] }) as ModelSpec
    const problem = Value.Errors(ModelSpecSchema, filled).First()
    if (problem) {
      throw new Error(`Invalid model "${override.id}" in config at ${problem.path || '(root)'}: ${problem.message}`)
    }
    byId.set(override.id, filled)
  }
  const index = new Map<string, ModelSpec>()
  for (const model of byId.values()) {
    for (const name of [model.id, ...model.aliases].map(normalizeModelName)) {
      const clash = index.get(name)
      if (clash && clash !== model) throw new Error(`Model name "${name}" is used by both "${clash.id}" and "${model.id}"`)
      index.set(name, model)
    }
  }
  const models = [...byId.values()]
  const listed = models.filter((model) => model.listed !== false)
  // Rules may only point at a listed model; a rule naming a hidden or unknown one is a config bug.
  const rules = nameRules.map((rule) => {
    const target = index.get(normalizeModelName(rule.model))
    if (!target) throw new Error(`Model name rule "${rule.pattern}" points at "${rule.model}", which is not a model; use one of: ${models.map((m) => m.id).join(', ')}`)
    return { ...compileNameRule(rule), target }
  })
  const find = (name: string) => {
    const normalized = normalizeModelName(name)
    return index.get(normalized) ?? rules.find((rule) => rule.test(normalized))?.target
  }
  return {
    list: () => listed,
    find,
    resolve(name) {
      const model = find(name)
      if (!model) {
        throw new ProxyError('model_not_found', `The model "${name}" does not exist. Available models: ${listed.map((m) => m.id).join(', ')}`, { param: 'model' })
      }
      return model
    },
  }
}
