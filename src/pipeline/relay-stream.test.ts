import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../core/errors.ts'
import type { StreamPart } from '../core/ir.ts'
import { createTestFormat } from '../../test/helpers/test-format.ts'
import { relayStream, type RelayOptions } from './relay-stream.ts'

const encoder = createTestFormat().createStreamEncoder!({} as never)

async function* fromParts(parts: StreamPart[], delayMs = 0, failAfter?: ProxyError): AsyncGenerator<StreamPart> {
  for (const part of parts) {
    if (delayMs) await Bun.sleep(delayMs)
    yield part
  }
  if (failAfter) throw failAfter
}

function options(parts: AsyncIterable<StreamPart>, overrides: Partial<RelayOptions> = {}): RelayOptions {
  return { encoder, parts, keepAliveMs: 1000, headers: new Headers(), signal: new AbortController().signal, abort: () => {}, onClose: () => {}, ...overrides }
}

describe('relayStream', () => {
  it('relays every part as a frame and ends with the format end frame', async () => {
    const closes: unknown[] = []
    const response = await relayStream(options(fromParts([{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }]), { onClose: (outcome) => closes.push(outcome) }))
    expect(await response.text()).toBe('data: {"type":"text-delta","text":"a"}\n\ndata: {"type":"text-delta","text":"b"}\n\ndata: end\n\n')
    expect(closes).toEqual([{ cancelled: false }])
  })

  it('throws a failure that happens before the first part, so the caller can send a status', async () => {
    const failing = fromParts([], 0, new ProxyError('upstream_unauthenticated', 'cookies expired'))
    await expect(relayStream(options(failing))).rejects.toMatchObject({ kind: 'upstream_unauthenticated' })
  })

  it('turns a failure after the first part into an in-stream error frame', async () => {
    const response = await relayStream(options(fromParts([{ type: 'text-delta', text: 'a' }], 0, new ProxyError('upstream_timeout', 'stalled'))))
    expect(await response.text()).toBe('data: {"type":"text-delta","text":"a"}\n\ndata: {"error":"upstream_timeout","message":"stalled"}\n\n')
  })

  it('sends keep-alive frames while the upstream is silent', async () => {
    const response = await relayStream(options(fromParts([{ type: 'text-delta', text: 'late' }], 120), { keepAliveMs: 20 }))
    const text = await response.text()
    expect(text.startsWith(': keep-alive\n\n')).toBe(true)
    expect(text.endsWith('data: {"type":"text-delta","text":"late"}\n\ndata: end\n\n')).toBe(true)
  })

  it('aborts the upstream when the client cancels', async () => {
    let aborted = false
    const closes: unknown[] = []
    const response = await relayStream(options(fromParts(Array.from({ length: 100 }, () => ({ type: 'text-delta', text: 'x' }) as StreamPart), 5), { abort: () => (aborted = true), onClose: (outcome) => closes.push(outcome) }))
    const reader = response.body!.getReader()
    await reader.read()
    await reader.cancel()
    expect(aborted).toBe(true)
    expect(closes).toEqual([{ cancelled: true }])
  })

  it('ends a waiting stream with the shutdown error when its signal is aborted', async () => {
    const controller = new AbortController()
    const never = (async function* () {
      yield { type: 'text-delta', text: 'first' } as StreamPart
      await new Promise(() => {})
    })()
    const response = await relayStream(options(never, { signal: controller.signal }))
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    expect(decoder.decode((await reader.read()).value)).toBe('data: {"type":"text-delta","text":"first"}\n\n')
    controller.abort(new ProxyError('service_unavailable', 'shutting down'))
    expect(decoder.decode((await reader.read()).value)).toBe('data: {"error":"service_unavailable","message":"shutting down"}\n\n')
    expect((await reader.read()).done).toBe(true)
  })
})

describe('relayStream keep-alive timing', () => {
  it('sends keep-alives while parts keep arriving that write nothing', async () => {
    const silentParts = (async function* () {
      for (let index = 0; index < 12; index += 1) {
        await Bun.sleep(10)
        yield { type: 'metadata', metadata: {} } as StreamPart
      }
      yield { type: 'text-delta', text: 'done' } as StreamPart
    })()
    const quietEncoder = { ...encoder, encode: (part: StreamPart) => (part.type === 'metadata' ? [] : encoder.encode(part)) }
    const response = await relayStream(options(silentParts, { encoder: quietEncoder, keepAliveMs: 40 }))
    const text = await response.text()
    expect(text).toContain(': keep-alive\n\n')
    expect(text.endsWith('data: {"type":"text-delta","text":"done"}\n\ndata: end\n\n')).toBe(true)
  })
})
