/**
 * Helpers shared by the backend's tests: a full config pointed at an origin and a data
 * directory, a call context, and a collector that drains a stream into parts or an error.
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { isProxyError, type ProxyError } from '../../src/core/errors.ts'
import type { InternalRequest, StreamPart } from '../../src/core/ir.ts'
import { ConfigSchema, type Config } from '../../src/config/schema.ts'
import { silentLogger } from '../../src/lib/logger.ts'
import { builtinModels } from '../../src/models/model-table.ts'
import type { BackendCallContext, BackendPlugin } from '../../src/backends/types.ts'
import type { ModelSpec } from '../../src/models/model-spec.ts'

export function createTestConfig(origin: string, overrides: { dataDir?: string; upstream?: Partial<Config['upstream']>; psid?: string } = {}): Config {
  const config = Value.Default(ConfigSchema, {
    server: {},
    logging: {},
    upstream: {},
    access: {},
    rateLimit: {},
    images: {},
    accountPool: {},
    alerts: {},
    browser: {},
    accounts: [{ id: 'default', psid: overrides.psid ?? 'test-psid-value-123456', psidts: 'sidts-test-value-123456' }],
  }) as Config
  config.dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'gemini-web-test-'))
  config.upstream = { ...config.upstream, origin, rotationIntervalSeconds: 0, ...overrides.upstream }
  return config
}

export function findModel(id: string): ModelSpec {
  const model = builtinModels.find((candidate) => candidate.id === id)
  if (!model) throw new Error(`no model ${id}`)
  return model
}

export function createCallContext(signal: AbortSignal = new AbortController().signal): BackendCallContext {
  return { signal, requestId: 'test', logger: silentLogger }
}

export function textRequest(text: string, extra: Partial<InternalRequest> = {}): InternalRequest {
  return { task: 'chat', model: 'gemini-2.5-flash', messages: [{ role: 'user', parts: [{ type: 'text', text }] }], generation: {}, stream: true, ...extra }
}

export type Collected = { parts: StreamPart[]; text: string; thoughts: string; error: ProxyError | null; thrown: ProxyError | null }

export async function collect(backend: BackendPlugin, request: InternalRequest, model: ModelSpec, call = createCallContext()): Promise<Collected> {
  const result: Collected = { parts: [], text: '', thoughts: '', error: null, thrown: null }
  try {
    for await (const part of backend.stream(request, model, call)) {
      result.parts.push(part)
      if (part.type === 'text-delta') result.text += part.text
      if (part.type === 'thought-delta') result.thoughts += part.text
      if (part.type === 'error') result.error = part.error
    }
  } catch (error) {
    if (!isProxyError(error)) throw error
    result.thrown = error
  }
  return result
}
