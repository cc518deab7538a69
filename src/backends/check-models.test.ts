import { describe, expect, it } from 'bun:test'
import { buildConfig, ConfigError } from '../config/load-config.ts'
import { silentLogger } from '../lib/logger.ts'
import { createConfiguredModelRegistry } from '../models/model-registry.ts'
import { createRuntime } from '../runtime.ts'
import { assertModelsServable, findModelProblems } from './check-models.ts'
import { createGeminiWebBackend } from './gemini-web/index.ts'
import { createBackendRegistry } from './registry.ts'

const config = (file: Record<string, unknown>) => buildConfig({ file: { dataDir: '/tmp/check-models-test', ...file }, env: {} })

describe('models are checked against their backends at startup', () => {
  it('passes the built-in table', () => {
    const built = config({})
    const backends = createBackendRegistry([createGeminiWebBackend({ config: built, logger: silentLogger })])
    expect(findModelProblems(createConfiguredModelRegistry(built).list(), backends)).toEqual([])
  })

  it('names a model whose backend does not exist', () => {
    const built = config({ models: [{ id: 'gemini-2.5-flash', backend: 'gemini-api' }] })
    const backends = createBackendRegistry([createGeminiWebBackend({ config: built, logger: silentLogger })])
    expect(findModelProblems(createConfiguredModelRegistry(built).list(), backends)).toEqual(['model "gemini-2.5-flash" names backend "gemini-api", which does not exist; use gemini-web'])
    expect(() => assertModelsServable(createConfiguredModelRegistry(built).list(), backends)).toThrow(ConfigError)
  })

  it('stop the runtime from being built (no first-request 500)', () => {
    expect(() => createRuntime(config({ models: [{ id: 'gemini-2.5-pro', backend: 'gemini-api' }] }), silentLogger)).toThrow('backend "gemini-api"')
    expect(() => createRuntime(config({ models: [{ id: 'gemini-2.5-pro', upstream: { role: 'thinkin' } }] }), silentLogger)).toThrow('role')
    expect(() => createRuntime(config({ upstream: { protocol: { modles: {} } } }), silentLogger)).toThrow('"upstream.protocol.modles" is not a protocol setting')
  })
})
