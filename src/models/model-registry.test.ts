import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../core/errors.ts'
import { createConfiguredModelRegistry, createModelRegistry } from './model-registry.ts'
import { builtinModels } from './model-table.ts'

describe('model registry', () => {
  const registry = createModelRegistry(builtinModels)

  it('holds the seven models of the spec', () => {
    expect(registry.list().map((model) => model.id)).toEqual([
      'gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3.0-pro', 'gemini-2.5-flash-image',
      'gemini-3-pro-image-preview', 'gemini-3-pro-image-preview-2k', 'gemini-3-pro-image-preview-4k',
    ])
    expect(registry.list().filter((model) => model.kind === 'image')).toHaveLength(4)
  })

  it('resolves ids, aliases and the models/ prefix', () => {
    expect(registry.resolve('gemini-2.5-flash').id).toBe('gemini-2.5-flash')
    expect(registry.resolve('models/gemini-2.5-pro').id).toBe('gemini-2.5-pro')
    expect(registry.resolve('gemini-3-pro-preview').id).toBe('gemini-3.0-pro')
    expect(registry.resolve('models/gemini-3-pro-image-preview-4k').id).toBe('gemini-3-pro-image-preview-4k')
  })

  it('throws model_not_found naming the model and the choices', () => {
    try {
      registry.resolve('gpt-4')
      throw new Error('expected a throw')
    } catch (error) {
      expect(error).toBeInstanceOf(ProxyError)
      expect((error as ProxyError).kind).toBe('model_not_found')
      expect((error as ProxyError).message).toContain('"gpt-4"')
      expect((error as ProxyError).message).toContain('gemini-2.5-flash')
    }
  })

  it('applies config overrides field by field, adds models and hides disabled ones', () => {
    const custom = createModelRegistry(builtinModels, [
      { id: 'gemini-2.5-pro', upstream: { thinking: true }, aliases: ['pro'] },
      { id: 'gemini-3.0-pro', enabled: false },
      { id: 'my-model', displayName: 'Mine', description: 'd', kind: 'text', resolution: null, speed: 'fast', recommendedUse: 'x',
        capabilities: { streaming: true, vision: false, thinking: false, tools: false, imageGeneration: false, imageEditing: false },
        inputTokenLimit: 1000, outputTokenLimit: 1000, backend: 'gemini-web', upstream: { role: 'flash' } },
    ])
    const pro = custom.resolve('pro')
    expect(pro.upstream).toEqual({ role: 'pro', thinking: true })
    expect(pro.displayName).toBe('Gemini 2.5 Pro')
    expect(custom.find('gemini-3.0-pro')).toBeUndefined()
    expect(custom.resolve('my-model').aliases).toEqual([])
  })

  it('fails at startup on an invalid or ambiguous model', () => {
    expect(() => createModelRegistry(builtinModels, [{ id: 'half-a-model', kind: 'text' }])).toThrow('Invalid model "half-a-model"')
    expect(() => createModelRegistry(builtinModels, [{ id: 'gemini-2.5-pro', aliases: ['gemini-2.5-flash'] }])).toThrow('used by both')
    expect(() => createModelRegistry([builtinModels[0]!, builtinModels[0]!])).toThrow('Duplicate model id')
  })
})

describe('model name rules', () => {
  const registry = createConfiguredModelRegistry({ models: [], modelNameRules: [{ pattern: 'claude-*sonnet-4-5*', model: 'gemini-2.5-flash' }] })

  it('map unlisted names to a model, operator rules before the defaults, case-insensitively', () => {
    expect(registry.resolve('claude-haiku-4-5-20251001').id).toBe('gemini-2.5-flash')
    expect(registry.resolve('claude-opus-4-1').id).toBe('gemini-3.0-pro')
    expect(registry.resolve('Claude-Sonnet-4-6').id).toBe('gemini-2.5-pro')
    expect(registry.resolve('claude-sonnet-4-5-20250929').id).toBe('gemini-2.5-flash')
    expect(registry.find('claude')).toBeUndefined()
  })

  it('never list the names they match', () => {
    expect(registry.list().some((model) => model.id.startsWith('claude') || model.aliases.some((alias) => alias.startsWith('claude')))).toBe(false)
  })

  it('exact ids and aliases win over every rule', () => {
    const greedy = createModelRegistry(builtinModels, [], [{ pattern: 'gemini-*', model: 'gemini-3.0-pro' }])
    expect(greedy.resolve('gemini-2.5-flash').id).toBe('gemini-2.5-flash')
    expect(greedy.resolve('gemini-9-ultra').id).toBe('gemini-3.0-pro')
  })

  it('refuse at startup a rule pointing at no model', () => {
    expect(() => createModelRegistry(builtinModels, [], [{ pattern: 'x-*', model: 'gpt-4' }])).toThrow('points at "gpt-4"')
    expect(() => createModelRegistry(builtinModels, [{ id: 'gemini-2.5-pro', enabled: false }], [{ pattern: 'x-*', model: 'gemini-2.5-pro' }])).toThrow('is not a model')
  })
})
