/**
 * Seams the core uses around the backend call: resolving remote attachments (the SSRF-checked
 * fetcher lives in its own module) and storing generated images for URL delivery.
 */

import { ProxyError } from './errors.ts'
import type { GeneratedImage, InternalRequest } from './ir.ts'

export interface AttachmentResolver {
  /** Replaces every `url` BinarySource with fetched bytes, or throws ProxyError('invalid_request'). */
  resolve(request: InternalRequest, signal: AbortSignal): Promise<InternalRequest>
}

export interface ImageStore {
  /** Stores the image and returns the public URL it is served at until it expires. */
  save(image: GeneratedImage): Promise<string>
}

/** Used when no fetcher is configured: inline data passes, remote URLs are refused clearly. */
export const inlineOnlyResolver: AttachmentResolver = {
  async resolve(request) {
    for (const message of request.messages) {
      for (const part of message.parts) {
        if ((part.type === 'image' || part.type === 'file') && part.source.kind === 'url') {
          throw new ProxyError('invalid_request', 'Remote attachment URLs are disabled on this server; send the data inline (base64 or a data: URL)')
        }
      }
    }
    return request
  },
}
