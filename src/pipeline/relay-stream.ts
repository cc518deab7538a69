/**
 * Relays a stream of internal parts to the client as exact wire frames. It waits briefly for the
 * first part before sending headers, so an upstream failure that happens at once still gets its
 * proper HTTP status; after that, failures become the format's in-stream error frame. While the
 * upstream is silent it sends the format's keep-alive frame, so proxies and clients do not cut a
 * 30-90 s image generation. It pulls one part per client read, so a slow client slows the
 * upstream read instead of growing a buffer, and a client that leaves aborts the upstream.
 */

import { ProxyError, toProxyError } from '../core/errors.ts'
import type { StreamPart } from '../core/ir.ts'
import type { StreamEncoder } from '../formats/types.ts'
import { raceAbort } from '../lib/race-abort.ts'

export type RelayOptions = {
  encoder: StreamEncoder
  parts: AsyncIterable<StreamPart>
  keepAliveMs: number
  /** Called once when the stream ends for any reason (access log, in-flight tracking). */
  onClose: (outcome: { error?: unknown; cancelled: boolean }) => void
  /** Aborts the upstream when the client cancels. */
  abort: () => void
  headers: Headers
  /** When aborted with a ProxyError reason (shutdown past its deadline), the stream ends with that error. */
  signal: AbortSignal
  /** Sees the stream-start parts that arrive before the status line, while headers can still change. */
  onStart?: (part: StreamPart & { type: 'stream-start' }) => void
}

const encoder = new TextEncoder()

type Pending = { done: true } | { done: false; part: StreamPart } | { failed: unknown }

/** An abort as a failure of the stream: our own reason (a shutdown) is kept, anything else is a stop. */
function stoppedBy(reason: unknown): Pending {
  return { failed: reason instanceof ProxyError ? reason : new ProxyError('service_unavailable', 'The request was stopped') }
}

/** The next part, or the abort reason as a failure, so a shutdown wakes a stream waiting on a silent upstream. */
function nextPartOrAbort(iterator: AsyncIterator<StreamPart>, signal: AbortSignal): Promise<Pending> {
  return raceAbort(nextPart(iterator), signal).catch(stoppedBy)
}

function nextPart(iterator: AsyncIterator<StreamPart>): Promise<Pending> {
  return iterator.next().then(
    (result) => (result.done ? { done: true } : { done: false, part: result.value }),
    (failure: unknown) => ({ failed: failure }),
  )
}

/** Races a pending part against a timer, clearing the timer so thousands of streams leave none behind. */
function waitAtMost(pending: Promise<Pending>, ms: number): Promise<Pending | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms)
  })
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Awaits the first part (up to the keep-alive interval). Throws if the stream fails at once, so
 * the caller can answer with a proper status; otherwise returns a Response that relays the rest.
 */
export async function relayStream(options: RelayOptions): Promise<Response> {
  const iterator = options.parts[Symbol.asyncIterator]()
  const nextOrAbort = () => nextPartOrAbort(iterator, options.signal)
  let pending: Promise<Pending> = nextOrAbort()
  const waitStarted = performance.now()
  let first = await waitAtMost(pending, options.keepAliveMs)
  // Stream-start parts (warnings) that come before the first byte become headers, not frames.
  for (let guard = 0; guard < 16 && first !== 'timeout' && 'part' in first && first.part.type === 'stream-start'; guard++) {
    options.onStart?.(first.part)
    pending = nextOrAbort()
    first = await waitAtMost(pending, Math.max(0, options.keepAliveMs - (performance.now() - waitStarted)))
  }
  // Failures before the response starts are thrown (and logged by the caller like any error).
  if (first !== 'timeout' && 'failed' in first) throw first.failed
  if (first !== 'timeout' && !first.done && first.part.type === 'error') {
    void iterator.return?.()
    throw first.part.error
  }
  // After the first part, each part is awaited without a timer or an abort listener of its own
  // (thousands of streams × dozens of frames a second): one keep-alive timer and one abort
  // listener per stream wake whichever wait is current.
  //
  // Keep-alives are timed from the last byte written: parts that write nothing (metadata, hidden
  // thoughts) must not postpone them, or a long hidden phase would look idle to proxies.
  let lastWriteAt = performance.now()
  let waiting: ((outcome: Pending | 'timeout') => void) | null = null
  let keepAliveTimer: ReturnType<typeof setTimeout> | null = null
  let abortedWith: Pending | null = null
  const wake = (outcome: Pending | 'timeout') => {
    const resolve = waiting
    waiting = null
    resolve?.(outcome)
  }
  const onAbort = () => {
    abortedWith = stoppedBy(options.signal.reason)
    wake(abortedWith)
  }
  const armKeepAlive = (delayMs: number) => {
    keepAliveTimer = setTimeout(() => {
      keepAliveTimer = null
      if (!waiting) return
      const idleMs = performance.now() - lastWriteAt
      if (idleMs >= options.keepAliveMs) wake('timeout')
      else armKeepAlive(options.keepAliveMs - idleMs)
    }, delayMs)
  }
  const waitForPart = (part: Promise<Pending>): Promise<Pending | 'timeout'> => {
    if (abortedWith) return Promise.resolve(abortedWith)
    return new Promise((resolve) => {
      waiting = resolve
      void part.then((outcome) => {
        if (waiting === resolve) wake(outcome)
      })
      if (!keepAliveTimer) armKeepAlive(Math.max(0, options.keepAliveMs - (performance.now() - lastWriteAt)))
    })
  }
  let closed = false
  const close = (outcome: { error?: unknown; cancelled: boolean }) => {
    if (closed) return
    closed = true
    if (keepAliveTimer) clearTimeout(keepAliveTimer)
    keepAliveTimer = null
    options.signal.removeEventListener('abort', onAbort)
    options.onClose(outcome)
  }
  if (options.signal.aborted) onAbort()
  else options.signal.addEventListener('abort', onAbort, { once: true })
  let started = false
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const frames: string[] = []
      const write = () => {
        controller.enqueue(encoder.encode(frames.join('')))
        lastWriteAt = performance.now()
      }
      const finish = (outcome: { error?: unknown; cancelled: boolean }, stopUpstream: boolean) => {
        write()
        controller.close()
        if (stopUpstream) void iterator.return?.()
        close(outcome)
      }
      if (!started) {
        started = true
        frames.push(...options.encoder.start())
      }
      for (;;) {
        const settled = await waitForPart(pending)
        if (settled === 'timeout') {
          frames.push(options.encoder.keepAlive())
          break
        }
        if ('failed' in settled) {
          frames.push(...options.encoder.error(toProxyError(settled.failed)))
          return finish({ error: settled.failed, cancelled: false }, true)
        }
        if (settled.done) {
          frames.push(...options.encoder.end())
          return finish({ cancelled: false }, false)
        }
        if (settled.part.type === 'error') {
          frames.push(...options.encoder.error(settled.part.error))
          return finish({ error: settled.part.error, cancelled: false }, true)
        }
        pending = nextPart(iterator)
        frames.push(...options.encoder.encode(settled.part))
        if (frames.length > 0) break
      }
      write()
    },
    cancel() {
      options.abort()
      void iterator.return?.()
      close({ cancelled: true })
    },
  })
  return new Response(body, { status: 200, headers: options.headers })
}
