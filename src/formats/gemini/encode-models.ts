/**
 * Models in Google's format (GET …/models and …/models/{id}), the shape @google/genai's
 * models.list / models.get read. No nextPageToken: the list is one page, and the SDK's pager
 * keeps fetching while a token is present.
 */

import type { ModelSpec } from '../../models/model-spec.ts'

export function encodeGeminiModel(model: ModelSpec) {
  const methods = ['generateContent', 'streamGenerateContent', 'countTokens']
  if (model.capabilities.imageEditing) methods.push('editImage')
  return {
    name: `models/${model.id}`,
    version: '001',
    displayName: model.displayName,
    description: model.description,
    inputTokenLimit: model.inputTokenLimit,
    outputTokenLimit: model.outputTokenLimit,
    supportedGenerationMethods: methods,
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: model.capabilities.thinking,
  }
}

export function encodeGeminiModelList(models: readonly ModelSpec[]) {
  return { models: models.map(encodeGeminiModel) }
}
