/**
 * Rules that map model names nobody listed to a model we serve, so a client that insists on its
 * own names works without a rebuild: Claude Code asks for `claude-sonnet-…` and `claude-haiku-…`,
 * and the next release of any client will name a model that did not exist when this was written.
 * A rule is a case-insensitive glob (`*` matches anything) over the whole name; the first match
 * wins, operator rules (config `modelNameRules`) before these defaults. A matched name resolves to
 * the target model but is never listed by the model endpoints.
 */

import { Type, type Static } from '@sinclair/typebox'

export const ModelNameRuleSchema = Type.Object(
  {
    /** Glob over the whole requested name, e.g. `claude-*haiku*`. */
    pattern: Type.String({ minLength: 1 }),
    /** The id (or alias) of the model that serves a matching name. */
    model: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
)

export type ModelNameRule = Static<typeof ModelNameRuleSchema>

/**
 * Defaults. Official Gemini API names of today and tomorrow (`gemini-3.1-pro-preview`,
 * `gemini-3.5-flash-lite`, `gemini-3-pro-image-preview`…) map to the model of their role; Claude
 * names (Anthropic clients) map to the quick model for haiku, Pro with thinking for opus and Pro
 * for the rest.
 */
export const defaultModelNameRules: readonly ModelNameRule[] = [
  { pattern: 'gemini-*flash-lite*', model: 'gemini-flash-lite' },
  { pattern: 'gemini-*pro*image*', model: 'gemini-3-pro-image-preview' },
  { pattern: 'gemini-*image*', model: 'gemini-2.5-flash-image' },
  { pattern: 'gemini-*flash*', model: 'gemini-2.5-flash' },
  { pattern: 'gemini-*pro*', model: 'gemini-2.5-pro' },
  { pattern: 'claude-*haiku*', model: 'gemini-2.5-flash' },
  { pattern: 'claude-*opus*', model: 'gemini-3.0-pro' },
  { pattern: 'claude-*', model: 'gemini-2.5-pro' },
]

export type CompiledNameRule = ModelNameRule & { test(name: string): boolean }

export function compileNameRule(rule: ModelNameRule): CompiledNameRule {
  const source = rule.pattern
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  const expression = new RegExp(`^${source}$`, 'i')
  return { ...rule, test: (name) => expression.test(name) }
}
