/**
 * Models in OpenAI's list format (GET /v1/models, /v1/models/{id}). `created` is a fixed date
 * because the web backend has no release dates and SDKs only need a number. Anthropic's clients
 * list models at the same path (the SDK's `models.list`, Claude Code's gateway model discovery),
 * so each entry also carries Anthropic's fields (`type`, `display_name`, `created_at`) and the
 * list its paging fields; each SDK reads its own fields and ignores the others.
 */

import type { ModelSpec } from '../../models/model-spec.ts'

const modelsCreated = 1735689600
const modelsCreatedAt = new Date(modelsCreated * 1000).toISOString()

export function encodeOpenAIModel(model: ModelSpec) {
  return { id: model.id, object: 'model', created: modelsCreated, owned_by: 'google', type: 'model', display_name: model.displayName, created_at: modelsCreatedAt }
}

export function encodeOpenAIModelList(models: readonly ModelSpec[]) {
  return { object: 'list', data: models.map(encodeOpenAIModel), has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null }
}
