/**
 * Reads a request body once, within the size cap: JSON for JSON bodies, FormData for multipart.
 * A malformed body is the caller's mistake and becomes a 400 in the caller's format, never a 500.
 */

import { ProxyError } from '../core/errors.ts'

export async function readRequestBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    throw new ProxyError('payload_too_large', `The request body is ${declared} bytes; the limit is ${maxBytes} bytes`)
  }
  if (!request.body) return undefined
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase()
  if (contentType.startsWith('multipart/form-data')) {
    try {
      return await request.formData()
    } catch (error) {
      throw new ProxyError('invalid_request', 'The multipart/form-data body could not be parsed; check the boundary and the parts', { cause: error })
    }
  }
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (bytes.byteLength > maxBytes) {
    throw new ProxyError('payload_too_large', `The request body is larger than the limit of ${maxBytes} bytes`)
  }
  if (bytes.byteLength === 0) return undefined
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes)))
  }
  const text = new TextDecoder().decode(bytes)
  if (text.trim().length === 0) return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ProxyError('invalid_request', `The request body is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
}
