/**
 * Reads a request body once, within the size cap and the time cap: JSON for JSON bodies, FormData
 * for multipart where the route takes it. Anything else is refused with 415, because a browser may
 * send `text/plain` and form bodies cross-site without asking (docs/security.md), and a body that
 * does not arrive in time is cut with 408 so slow clients cannot hold connections. A malformed
 * body is the caller's mistake and becomes a 4xx in the caller's format, never a 500.
 */

import { ProxyError } from '../core/errors.ts'
import type { BodyType } from '../formats/types.ts'
import { findTooDeepPath, maximumJsonDepth } from './check-json-depth.ts'

export type BodyLimits = {
  maxBytes: number
  /** Longest time to receive the whole body. */
  timeoutSeconds: number
  /** What the route takes; JSON when not said. */
  accepts?: readonly BodyType[]
}

/** The rest of a refused body is never read: the connection cannot carry another request. */
const closeConnection = { connection: 'close' }

/** The media type without parameters, lower case ('' when absent). */
function readMediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === '' || mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)
}

function refuseMediaType(mediaType: string, accepts: readonly BodyType[]): never {
  const allowed = accepts.includes('multipart') ? 'application/json or multipart/form-data' : 'application/json'
  throw new ProxyError('invalid_request', `Content-Type ${mediaType} is not accepted here; send ${allowed}`, { status: 415 })
}

/** The body's bytes, refused past `maxBytes` or `timeoutSeconds` without reading further. */
async function readBytes(body: ReadableStream<Uint8Array>, limits: BodyLimits): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProxyError('invalid_request', `The request body did not arrive within ${limits.timeoutSeconds} s`, { status: 408, headers: closeConnection })), limits.timeoutSeconds * 1000)
  })
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline])
      if (done) break
      total += value.byteLength
      if (total > limits.maxBytes) throw new ProxyError('payload_too_large', `The request body is larger than the limit of ${limits.maxBytes} bytes`, { headers: closeConnection })
      chunks.push(value)
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined)
    throw error
  } finally {
    clearTimeout(timer)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Parses JSON text and refuses nesting deeper than later steps can walk. */
function parseJsonBody(text: string): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new ProxyError('invalid_request', `The request body is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  const tooDeep = findTooDeepPath(parsed)
  if (tooDeep !== null) throw new ProxyError('invalid_request', `The request body nests deeper than ${maximumJsonDepth} levels at ${tooDeep}`, { param: tooDeep })
  return parsed
}

export async function readRequestBody(request: Request, limits: BodyLimits): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > limits.maxBytes) {
    throw new ProxyError('payload_too_large', `The request body is ${declared} bytes; the limit is ${limits.maxBytes} bytes`, { headers: closeConnection })
  }
  if (!request.body) return undefined
  const accepts = limits.accepts ?? ['json']
  const mediaType = readMediaType(request)
  const multipart = mediaType === 'multipart/form-data' && accepts.includes('multipart')
  if (!multipart && !isJsonMediaType(mediaType)) refuseMediaType(mediaType, accepts)
  const bytes = await readBytes(request.body, limits)
  if (bytes.byteLength === 0) return undefined
  if (multipart) {
    try {
      // Parsed from the bytes already read, so the size and time caps hold for multipart too.
      return await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } }).formData()
    } catch (error) {
      throw new ProxyError('invalid_request', 'The multipart/form-data body could not be parsed; check the boundary and the parts', { cause: error })
    }
  }
  const text = new TextDecoder().decode(bytes)
  if (text.trim().length === 0) return undefined
  return parseJsonBody(text)
}
