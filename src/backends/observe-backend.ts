/**
 * Times every backend call from the outside, so metrics need no hook inside a backend: the
 * wrapper sees the call start, the first content part (time to first token), and how it ended
 * (a thrown error before the first part, an `error` part after it, a caller who left, or a
 * finish). Everything else the backend offers (status, operator functions) passes through.
 */

import { toProxyError, type ProxyError } from '../core/errors.ts'
import type { StreamPart } from '../core/ir.ts'
import type { BackendPlugin } from './types.ts'

export type UpstreamCall = {
  backend: string
  /** The public model id. */
  model: string
  outcome: 'ok' | 'error' | 'cancelled'
  durationSeconds: number
  /** Seconds until the first text, thought, image or tool-call part; absent when none came. */
  firstPartSeconds?: number
  error?: ProxyError
}

export interface BackendObserver {
  upstreamCallFinished(call: UpstreamCall): void
}

const contentParts = new Set<StreamPart['type']>(['text-delta', 'thought-delta', 'image', 'tool-call'])

export function observeBackend(backend: BackendPlugin, observer: BackendObserver, clock: () => number = () => performance.now()): BackendPlugin {
  const observed: BackendPlugin = Object.create(backend) as BackendPlugin
  Object.defineProperty(observed, 'stream', {
    value: async function* observeStream(...[request, model, context]: Parameters<BackendPlugin['stream']>) {
      const startedAt = clock()
      let firstPartAt: number | undefined
      let failure: ProxyError | undefined
      let finished = false
      try {
        for await (const part of backend.stream(request, model, context)) {
          if (firstPartAt === undefined && contentParts.has(part.type)) firstPartAt = clock()
          if (part.type === 'error') failure ??= part.error
          if (part.type === 'finish') finished = true
          yield part
        }
      } catch (thrown) {
        failure = toProxyError(thrown)
        throw thrown
      } finally {
        const cancelled = failure?.kind === 'client_closed' || (failure === undefined && !finished && context.signal.aborted)
        observer.upstreamCallFinished({
          backend: backend.id,
          model: model.id,
          outcome: cancelled ? 'cancelled' : failure ? 'error' : 'ok',
          durationSeconds: (clock() - startedAt) / 1000,
          ...(firstPartAt === undefined ? {} : { firstPartSeconds: (firstPartAt - startedAt) / 1000 }),
          ...(failure && !cancelled ? { error: failure } : {}),
        })
      }
    },
  })
  return observed
}
