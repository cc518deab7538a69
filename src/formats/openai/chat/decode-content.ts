/**
 * Decodes the `content` of one chat message into internal parts. Users may send text, images
 * (data URLs or http(s) URLs; remote ones are fetched later by the SSRF-checked resolver) and
 * files (base64 data such as PDFs). Audio input is refused: the web backend cannot take it, and
 * answering as if it had heard it would be worse than a clear 400.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { ContentPart } from '../../../core/ir.ts'
import { assertWireValue, invalidField } from '../../shared/check-wire-value.ts'
import { decodeTypedPart, type PartDecoders } from '../../shared/decode-typed-part.ts'
import { FilePartSchema, ImageUrlPartSchema, RefusalPartSchema, TextPartSchema } from './wire-schema.ts'
import { decodeInlineFile, decodeMediaUrl, refuseAudioInput } from '../decode-media.ts'

function decodeImageUrl(raw: unknown, param: string): ContentPart {
  // Some older clients send `image_url` as a bare string; read it as {url}.
  const inner = (raw as { image_url?: unknown }).image_url
  const value = typeof inner === 'string' ? { ...(raw as object), image_url: { url: inner } } : raw
  assertWireValue(ImageUrlPartSchema, value, param)
  return decodeMediaUrl(value.image_url.url, `${param}.image_url.url`)
}

function decodeFile(value: unknown, param: string): ContentPart {
  assertWireValue(FilePartSchema, value, param)
  const { file_data: fileData, file_id: fileId, filename } = value.file
  const name = filename ?? undefined
  if (!fileData) {
    if (fileId) throw new ProxyError('unsupported_feature', `'${param}.file.file_id' is not supported: this server has no file storage; send the file inline as file_data`, { param: `${param}.file.file_id` })
    throw invalidField(`${param}.file.file_data`, 'a file part needs file_data (a base64 data URL)')
  }
  return decodeInlineFile(fileData, name, `${param}.file.file_data`)
}

const userPartDecoders: PartDecoders<ContentPart> = new Map<string, (value: unknown, param: string) => ContentPart>([
  ['text', (value, param) => {
    assertWireValue(TextPartSchema, value, param)
    return { type: 'text', text: value.text }
  }],
  ['image_url', decodeImageUrl],
  ['file', decodeFile],
  ['input_audio', (_value, param) => {
    throw refuseAudioInput(param)
  }],
])

/** A user message: a string, or text / image_url / file parts. */
export function decodeUserContent(content: string | Array<{ type: string }>, param: string): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return content.map((part, index) => decodeTypedPart(part, `${param}[${index}]`, userPartDecoders, 'text, image_url or file'))
}

/** System, developer, assistant and tool messages carry text only (assistants may add refusals). */
export function decodeTextContent(content: string | Array<{ type: string }>, param: string, allowRefusal = false): string {
  if (typeof content === 'string') return content
  let text = ''
  content.forEach((part, index) => {
    const partParam = `${param}[${index}]`
    if (part.type === 'text') {
      assertWireValue(TextPartSchema, part, partParam)
      text += part.text
    } else if (allowRefusal && part.type === 'refusal') {
      assertWireValue(RefusalPartSchema, part, partParam)
      text += part.refusal
    } else {
      throw invalidField(`${partParam}.type`, `only text parts are allowed in this message, not '${String(part.type).slice(0, 32)}'`)
    }
  })
  return text
}
