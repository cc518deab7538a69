import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../core/errors.ts'
import type { InternalRequest, StreamPart } from '../core/ir.ts'
import { builtinModels } from '../models/model-table.ts'
import { silentLogger } from '../lib/logger.ts'
import { observeBackend, type UpstreamCall } from './observe-backend.ts'
import type { BackendPlugin } from './types.ts'

const model = builtinModels[0]!
const request: InternalRequest = { task: 'chat', model: model.id, messages: [], generation: {}, stream: true }

function backendOf(parts: StreamPart[], thrown?: ProxyError): BackendPlugin & { extra(): string } {
  return {
    id: 'scripted',
    async *stream() {
      if (thrown) throw thrown
      yield* parts
    },
    status: () => ({ ready: true, demo: false, accounts: [] }),
    extra: () => 'operator function',
  }
}

async function drain(backend: BackendPlugin, signal = new AbortController().signal): Promise<void> {
  try {
    for await (const _part of backend.stream(request, model, { signal, requestId: 'r', logger: silentLogger })) void _part
  } catch {
    // the observer has seen it
  }
}

describe('observeBackend', () => {
  it('times the call and the first content part', async () => {
    const calls: UpstreamCall[] = []
    let time = 0
    const clock = () => (time += 250)
    await drain(observeBackend(backendOf([{ type: 'metadata', metadata: {} }, { type: 'text-delta', text: 'hi' }, { type: 'finish', reason: 'stop' }]), { upstreamCallFinished: (call) => calls.push(call) }, clock))
    expect(calls).toEqual([{ backend: 'scripted', model: model.id, outcome: 'ok', durationSeconds: 0.5, firstPartSeconds: 0.25 }])
  })

  it('reports errors thrown before the first part and sent after it', async () => {
    const calls: UpstreamCall[] = []
    const observer = { upstreamCallFinished: (call: UpstreamCall) => calls.push(call) }
    const refused = new ProxyError('upstream_rate_limited', 'limit', { details: { upstreamCode: 1037 } })
    await drain(observeBackend(backendOf([], refused), observer))
    await drain(observeBackend(backendOf([{ type: 'text-delta', text: 'a' }, { type: 'error', error: new ProxyError('upstream_timeout', 'stalled') }]), observer))
    expect(calls.map((call) => [call.outcome, call.error?.kind, call.firstPartSeconds === undefined])).toEqual([
      ['error', 'upstream_rate_limited', true],
      ['error', 'upstream_timeout', false],
    ])
  })

  it('counts a caller who left as cancelled, not as an upstream error', async () => {
    const calls: UpstreamCall[] = []
    await drain(observeBackend(backendOf([], new ProxyError('client_closed', 'gone')), { upstreamCallFinished: (call) => calls.push(call) }))
    expect(calls[0]).toMatchObject({ outcome: 'cancelled' })
    expect(calls[0]!.error).toBeUndefined()
  })

  it('keeps everything else the backend offers', () => {
    const observed = observeBackend(backendOf([]), { upstreamCallFinished: () => undefined }) as ReturnType<typeof backendOf>
    expect(observed.id).toBe('scripted')
    expect(observed.extra()).toBe('operator function')
    expect(observed.status().ready).toBe(true)
  })
})
