/**
 * A scripted backend for tests that do not need the Gemini web protocol: it answers every
 * request with the parts a test gives it (or a default greeting), so pipeline, format and
 * access-control tests run without the emulator.
 */

import { ProxyError } from '../../src/core/errors.ts'
import type { InternalRequest, StreamPart } from '../../src/core/ir.ts'
import type { BackendPlugin, BackendStatus } from '../../src/backends/types.ts'
import type { ModelSpec } from '../../src/models/model-spec.ts'

export type FakeScript = (request: InternalRequest, model: ModelSpec) => StreamPart[] | ProxyError

export type FakeBackend = BackendPlugin & {
  calls: Array<{ request: InternalRequest; model: ModelSpec }>
  script: FakeScript
  /** Milliseconds to wait before each part (simulates a slow upstream). */
  delayMs: number
  ready: boolean
}

export const defaultScript: FakeScript = () => [
  { type: 'metadata', metadata: { responseId: 'r_fake', conversationId: 'c_fake', upstreamModel: 'fake' } },
  { type: 'text-delta', text: 'Hello' },
  { type: 'text-delta', text: ' world' },
  { type: 'finish', reason: 'stop' },
]

export function createFakeBackend(script: FakeScript = defaultScript): FakeBackend {
  const backend: FakeBackend = {
    id: 'gemini-web',
    calls: [],
    script,
    delayMs: 0,
    ready: true,
    async *stream(request, model, context) {
      backend.calls.push({ request, model })
      const result = backend.script(request, model)
      if (result instanceof ProxyError) throw result
      for (const part of result) {
        if (backend.delayMs > 0) await Bun.sleep(backend.delayMs)
        if (context.signal.aborted) return
        yield part
      }
    },
    status(): BackendStatus {
      return {
        ready: backend.ready,
        demo: false,
        accounts: [
          {
            id: 'default',
            state: backend.ready ? 'ready' : 'signed-out',
            detail: null,
            fix: null,
            lastGoodAt: null,
            modelCooldowns: {},
            predictedExpiry: null,
            signedIn: backend.ready,
            ready: backend.ready,
            cookieNames: ['__Secure-1PSID', '__Secure-1PSIDTS'],
            lastRotationAt: null,
            lastRotationError: null,
            lastError: null,
            coolingDownUntil: null,
          },
        ],
      }
    },
  }
  return backend
}
