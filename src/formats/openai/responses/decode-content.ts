/**
 * Decodes the content of one Responses input message into internal parts. Users may send text,
 * images (`input_image` with a data URL or an http(s) URL, fetched later by the SSRF-checked
 * resolver) and files (`input_file` with base64 `file_data`). Anything that needs OpenAI's file
 * storage (`file_id`, `file_url`) is a clear 400, since this server stores nothing.
 */

import { ProxyError } from '../../../core/errors.ts'
import type { ContentPart } from '../../../core/ir.ts'
import { assertWireValue, invalidField } from '../../shared/check-wire-value.ts'
import { decodeTypedPart, type PartDecoders } from '../../shared/decode-typed-part.ts'
import { decodeInlineFile, decodeMediaUrl, refuseAudioInput } from '../decode-media.ts'
import { InputFilePartSchema, InputImagePartSchema, RefusalPartSchema, TextPartSchema } from './wire-schema.ts'

function noFileStorage(param: string, what: string): ProxyError {
  return new ProxyError('unsupported_feature', `'${param}' is not supported: this server has no file storage; send the ${what} inline as a data URL`, { param })
}

function decodeImage(value: unknown, param: string): ContentPart {
  assertWireValue(InputImagePartSchema, value, param)
  const urlParam = `${param}.image_url`
  if (!value.image_url) {
    if (value.file_id) throw noFileStorage(`${param}.file_id`, 'image')
    throw invalidField(urlParam, 'an input_image part needs image_url (a data URL or an http(s) URL)')
  }
  return decodeMediaUrl(value.image_url, urlParam)
}

function decodeFile(value: unknown, param: string): ContentPart {
  assertWireValue(InputFilePartSchema, value, param)
  const filename = value.filename ?? undefined
  if (!value.file_data) {
    if (value.file_id) throw noFileStorage(`${param}.file_id`, 'file')
    if (value.file_url) throw noFileStorage(`${param}.file_url`, 'file')
    throw invalidField(`${param}.file_data`, 'an input_file part needs file_data (a base64 data URL)')
  }
  return decodeInlineFile(value.file_data, filename, `${param}.file_data`)
}

const userPartDecoders: PartDecoders<ContentPart> = new Map<string, (value: unknown, param: string) => ContentPart>([
  ['input_text', (value, param) => {
    assertWireValue(TextPartSchema, value, param)
    return { type: 'text', text: value.text }
  }],
  ['input_image', decodeImage],
  ['input_file', decodeFile],
  ['input_audio', (_value, param) => {
    throw refuseAudioInput(param)
  }],
])

/** A user message: a string, or input_text / input_image / input_file parts. */
export function decodeUserContent(content: string | ReadonlyArray<{ type: string }>, param: string): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return content.map((part, index) => decodeTypedPart(part, `${param}[${index}]`, userPartDecoders, 'input_text, input_image or input_file'))
}

const textTypes = new Set(['input_text', 'output_text'])

/** System, developer and assistant messages carry text only (assistants may add refusals). */
export function decodeTextContent(content: string | ReadonlyArray<{ type: string }>, param: string): string {
  if (typeof content === 'string') return content
  let text = ''
  content.forEach((part, index) => {
    const partParam = `${param}[${index}]`
    if (textTypes.has(part.type)) {
      assertWireValue(TextPartSchema, part, partParam)
      text += part.text
    } else if (part.type === 'refusal') {
      assertWireValue(RefusalPartSchema, part, partParam)
      text += part.refusal
    } else {
      throw invalidField(`${partParam}.type`, `only text parts are allowed in this message, not '${String(part.type).slice(0, 32)}'`)
    }
  })
  return text
}
