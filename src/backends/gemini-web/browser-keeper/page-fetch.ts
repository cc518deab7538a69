/**
 * Sends a request from inside the keeper's page instead of from the gateway: the browser's own
 * TLS, cookies and attestation go with it, for accounts where Google answers the gateway's own
 * requests with 1100 ("attestation required"). The answer streams back chunk by chunk through a
 * binding, so the frame parser reads it exactly as it reads a fetch Response. The browser keeps
 * the cookies it receives; the keeper's sync brings them into the jar.
 */

import type { BrowserContext, Page } from 'playwright-core'

type PageFetchInit = { method: string; headers: Record<string, string>; body?: BodyInit; signal?: AbortSignal }

export type PageFetcher = ((url: string, init: PageFetchInit) => Promise<Response>) & {
  /** Requests the page is still answering (a reload now would end them). */
  inFlight(): number
}

type Pending = {
  resolveHead(head: { status: number; headers: Array<[string, string]> }): void
  rejectHead(error: Error): void
  controller: ReadableStreamDefaultController<Uint8Array> | null
  queued: Uint8Array[]
  ended: boolean
  failure: Error | null
  /** Called once the page says the request ended, however it ended. */
  onEnd?: () => void
}

const bindingName = '__geminiReverseChunk'

/** Runs in the page: fetches and reports head, chunks (base64) and end through the binding. */
const fetchInPage = async (request: { id: string; url: string; method: string; headers: Record<string, string>; body: string | null; binding: string }) => {
  const report = (globalThis as unknown as Record<string, (id: string, kind: string, payload: string) => Promise<void>>)[request.binding]!
  const aborts = ((globalThis as unknown as { __geminiReverseAborts?: Map<string, AbortController> }).__geminiReverseAborts ??= new Map())
  const controller = new AbortController()
  aborts.set(request.id, controller)
  try {
    const body = request.body === null ? undefined : Uint8Array.from(atob(request.body), (character) => character.charCodeAt(0))
    const response = await fetch(request.url, { method: request.method, headers: request.headers, ...(body ? { body } : {}), credentials: 'include', signal: controller.signal })
    await report(request.id, 'head', JSON.stringify({ status: response.status, headers: [...response.headers] }))
    if (response.body) {
      const reader = response.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        let binary = ''
        for (const byte of value) binary += String.fromCharCode(byte)
        await report(request.id, 'data', btoa(binary))
      }
    }
    await report(request.id, 'end', '')
  } catch (error) {
    await report(request.id, 'error', error instanceof Error ? error.message : String(error))
  } finally {
    aborts.delete(request.id)
  }
}

/** Headers a page cannot set (the browser sends its own) are left out rather than silently dropped. */
const browserOwnedHeaders = new Set(['cookie', 'host', 'origin', 'referer', 'user-agent', 'content-length', 'connection', 'accept-encoding'])

export async function createPageFetcher(context: BrowserContext, currentPage: () => Page | null): Promise<PageFetcher> {
  const pending = new Map<string, Pending>()
  await context.exposeBinding(bindingName, (_source, id: string, kind: string, payload: string) => {
    const entry = pending.get(id)
    if (!entry) return
    if (kind === 'head') entry.resolveHead(JSON.parse(payload) as { status: number; headers: Array<[string, string]> })
    else if (kind === 'data') {
      const bytes = Uint8Array.from(Buffer.from(payload, 'base64'))
      if (entry.controller) entry.controller.enqueue(bytes)
      else entry.queued.push(bytes)
    } else {
      const failure = kind === 'error' ? new Error(`the page's request failed: ${payload}`) : null
      entry.rejectHead(failure ?? new Error('the page ended the request without an answer'))
      entry.ended = true
      entry.failure = failure
      entry.onEnd?.()
      if (entry.controller) {
        if (failure) entry.controller.error(failure)
        else entry.controller.close()
      }
      pending.delete(id)
    }
  })

  const send = async (url: string, init: PageFetchInit): Promise<Response> => {
    const page = currentPage()
    if (!page) throw new Error('the browser keeper has no page open')
    if (init.signal?.aborted) throw init.signal.reason ?? new Error('The request was aborted')
    const id = crypto.randomUUID()
    let resolveHead!: Pending['resolveHead']
    let rejectHead!: Pending['rejectHead']
    const head = new Promise<{ status: number; headers: Array<[string, string]> }>((resolve, reject) => {
      resolveHead = resolve
      rejectHead = reject
    })
    const entry: Pending = { resolveHead, rejectHead, controller: null, queued: [], ended: false, failure: null }
    pending.set(id, entry)
    const bytes = init.body === undefined ? null : new Uint8Array(await new Response(init.body).arrayBuffer())
    const headers = Object.fromEntries(Object.entries(init.headers).filter(([name]) => !browserOwnedHeaders.has(name.toLowerCase())))
    const abort = () => void page.evaluate((requestId) => (globalThis as unknown as { __geminiReverseAborts?: Map<string, AbortController> }).__geminiReverseAborts?.get(requestId)?.abort(), id).catch(() => undefined)
    init.signal?.addEventListener('abort', abort, { once: true })
    // The listener goes when the request ends, so a long-lived signal does not collect them.
    const forgetAbort = () => init.signal?.removeEventListener('abort', abort)
    page.evaluate(fetchInPage, { id, url, method: init.method, headers, body: bytes === null ? null : Buffer.from(bytes).toString('base64'), binding: bindingName }).catch((error: unknown) => {
      const failure = new Error(`the page could not send the request: ${(error as Error).message}`)
      rejectHead(failure)
      entry.controller?.error(failure)
      pending.delete(id)
      forgetAbort()
    })
    entry.onEnd = forgetAbort
    const { status, headers: responseHeaders } = await head.catch((error: unknown) => {
      forgetAbort()
      throw error
    })
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        entry.controller = controller
        for (const chunk of entry.queued.splice(0)) controller.enqueue(chunk)
        if (entry.ended) {
          if (entry.failure) controller.error(entry.failure)
          else controller.close()
        }
      },
      cancel: abort,
    })
    // A browser reports an opaque redirect as status 0; to the caller it is an upstream failure.
    return new Response(body, { status: status >= 200 && status <= 599 ? status : 502, headers: responseHeaders })
  }
  return Object.assign(send, { inFlight: () => pending.size })
}
