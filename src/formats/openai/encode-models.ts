/**
 * Models in OpenAI's list format (GET /v1/models, /v1/models/{id}). `created` is a fixed date
 * because the web backend has no release dates and SDKs only need a number.
 */

import type { ModelSpec } from '../../models/model-spec.ts'

const modelsCreated = 1735689600

export function encodeOpenAIModel(model: ModelSpec) {
  return { id: model.id, object: 'model', created: modelsCreated, owned_by: 'google' }
}

export function encodeOpenAIModelList(models: readonly ModelSpec[]) {
  return { object: 'list', data: models.map(encodeOpenAIModel) }
}
