/**
 * Media references shared by the OpenAI chat and Responses decoders: an image reference (a data:
 * URL, or an http(s) URL fetched later by the SSRF-checked resolver) and inline file data (a data
 * URL or bare base64). Bytes become an image part when they are an image, else a file part, so a
 * PDF sent where an image was expected still arrives.
 */

import { ProxyError } from '../../core/errors.ts'
import type { ContentPart } from '../../core/ir.ts'
import { invalidField } from '../shared/check-wire-value.ts'
import { decodeBase64, decodeDataUrl, guessMimeType, type DecodedData } from './decode-data-url.ts'

function partFromData(decoded: DecodedData, filename?: string): ContentPart {
  const part: ContentPart = decoded.mimeType.startsWith('image/')
    ? { type: 'image', source: { kind: 'bytes', ...decoded } }
    : { type: 'file', source: { kind: 'bytes', ...decoded } }
  if (filename) part.filename = filename
  return part
}

export function decodeMediaUrl(rawUrl: string, param: string): ContentPart {
  const url = rawUrl.trim()
  if (/^data:/i.test(url)) return partFromData(decodeDataUrl(url, param))
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalidField(param, 'expected a data: URL or an http(s) URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidField(param, `the URL scheme '${parsed.protocol.slice(0, 16)}' is not allowed; use https:, http: or data:`)
  }
  return { type: 'image', source: { kind: 'url', url: parsed.href } }
}

export function decodeInlineFile(fileData: string, filename: string | undefined, param: string): ContentPart {
  const decoded = /^data:/i.test(fileData) ? decodeDataUrl(fileData, param) : { mimeType: guessMimeType(filename), data: decodeBase64(fileData, param) }
  return partFromData(decoded, filename)
}

/** Audio input: the web backend cannot take it, and answering as if it had heard it would mislead. */
export function refuseAudioInput(param: string): ProxyError {
  return new ProxyError('unsupported_feature', `'${param}' is audio input, which this server cannot pass to Gemini web; transcribe it and send text instead`, { param })
}
