/**
 * Anthropic content blocks to internal parts: text, images (base64, checked and typed by their
 * bytes; or an http(s) URL the core fetches with its SSRF checks), documents (PDF or plain text,
 * inline or by URL), tool_use and tool_result. Thinking blocks are echoes of our own earlier
 * answers and are dropped, as the other formats drop thoughts. Block types Anthropic executes on
 * its side (server tools, search results, containers) are accepted and reported as ignored,
 * because Anthropic's clients add block types with each release and must not break on them.
 */

import { ProxyError } from '../../core/errors.ts'
import type { BinarySource, ContentPart, ImagePart } from '../../core/ir.ts'
import { decodeBase64Image, type ImageInputLimits } from '../shared/read-image-input.ts'
import {
  assertAnthropicValue,
  DocumentBlockSchema,
  ImageBlockSchema,
  invalidAnthropicField,
  TextBlockSchema,
  toDottedField,
  ToolResultBlockSchema,
  ToolUseBlockSchema,
  type WireBlock,
} from './wire-schema.ts'

export type BlockContext = {
  limits: ImageInputLimits
  /** tool_use id -> tool name, filled as assistant turns are read, so a result can name its tool. */
  toolNames: Map<string, string>
  /** Blocks accepted and dropped, reported as ignored fields. */
  ignored: string[]
}

type Source = { type: string; media_type?: string; data?: string; url?: string }

function noFilesApi(field: string): ProxyError {
  const param = toDottedField(field)
  return new ProxyError('unsupported_feature', `${param}: file sources need Anthropic's Files API, which this server does not have; send the data as base64 or a URL`, { param })
}

function readHttpUrl(url: string | undefined, field: string): string {
  if (url === undefined) throw invalidAnthropicField(field, 'Field required')
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    throw invalidAnthropicField(field, 'Input should be a valid URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidAnthropicField(field, 'only http and https URLs are supported')
  return parsed.href
}

function readBase64(data: string | undefined, field: string): Uint8Array {
  if (data === undefined) throw invalidAnthropicField(field, 'Field required')
  let bytes: Uint8Array
  try {
    bytes = Uint8Array.fromBase64(data)
  } catch {
    throw invalidAnthropicField(field, 'the data is not valid base64')
  }
  if (bytes.length === 0) throw invalidAnthropicField(field, 'the data is empty')
  return bytes
}

function decodeImageSource(source: Source, field: string, context: BlockContext): ImagePart {
  if (source.type === 'base64') {
    if (source.data === undefined) throw invalidAnthropicField(`${field}.data`, 'Field required')
    // Checked against the upload limit and typed by its magic bytes, whatever media_type claims.
    return decodeBase64Image(source.data, toDottedField(`${field}.data`), context.limits)
  }
  if (source.type === 'url') return { type: 'image', source: { kind: 'url', url: readHttpUrl(source.url, `${field}.url`) } }
  if (source.type === 'file') throw noFilesApi(`${field}.file_id`)
  throw invalidAnthropicField(`${field}.type`, "Input should be 'base64', 'url' or 'file'")
}

function filePart(source: BinarySource, filename: string | null | undefined): ContentPart {
  return filename ? { type: 'file', source, filename } : { type: 'file', source }
}

function decodeDocument(value: unknown, field: string, context: BlockContext): ContentPart[] {
  assertAnthropicValue(DocumentBlockSchema, value, field)
  const { source, title } = value
  const sourceField = `${field}.source`
  switch (source.type) {
    case 'base64': {
      const data = readBase64(source.data, `${sourceField}.data`)
      return [filePart({ kind: 'bytes', data, mimeType: source.media_type ?? 'application/pdf' }, title)]
    }
    case 'text': {
      if (source.data === undefined) throw invalidAnthropicField(`${sourceField}.data`, 'Field required')
      const data = new TextEncoder().encode(source.data)
      return [filePart({ kind: 'bytes', data, mimeType: source.media_type ?? 'text/plain' }, title ?? 'document.txt')]
    }
    case 'content': {
      const content = source.content ?? ''
      if (typeof content === 'string') return [{ type: 'text', text: content }]
      return content.flatMap((block, index) => decodeBlock(block as WireBlock, `${sourceField}.content[${index}]`, context))
    }
    case 'url':
      return [filePart({ kind: 'url', url: readHttpUrl(source.url, `${sourceField}.url`) }, title)]
    case 'file':
      throw noFilesApi(`${sourceField}.file_id`)
    default:
      throw invalidAnthropicField(`${sourceField}.type`, "Input should be 'base64', 'text', 'content', 'url' or 'file'")
  }
}

/** A tool result: its text (an error marked as such, so the model knows) plus any images it carried. */
function decodeToolResult(value: unknown, field: string, context: BlockContext): ContentPart[] {
  assertAnthropicValue(ToolResultBlockSchema, value, field)
  const texts: string[] = []
  const images: ContentPart[] = []
  const content = value.content ?? ''
  if (typeof content === 'string') texts.push(content)
  else {
    content.forEach((block, index) => {
      const blockField = `${field}.content[${index}]`
      if (block.type === 'text') {
        assertAnthropicValue(TextBlockSchema, block, blockField)
        texts.push(block.text)
      } else if (block.type === 'image') {
        assertAnthropicValue(ImageBlockSchema, block, blockField)
        images.push(decodeImageSource(block.source, `${blockField}.source`, context))
      } else {
        context.ignored.push(toDottedField(blockField))
      }
    })
  }
  const text = texts.join('\n')
  const id = value.tool_use_id
  const result: ContentPart = { type: 'tool-result', id, name: context.toolNames.get(id) ?? id, content: value.is_error === true ? `Error: ${text}` : text }
  return [result, ...images]
}

type BlockDecoder = (value: unknown, field: string, context: BlockContext) => ContentPart[]

/** A Map, so a block type such as `constructor` is an unknown type, not an Object.prototype member. */
const blockDecoders = new Map<string, BlockDecoder>([
  ['text', (value, field) => {
    assertAnthropicValue(TextBlockSchema, value, field)
    return [{ type: 'text', text: value.text }]
  }],
  ['image', (value, field, context) => {
    assertAnthropicValue(ImageBlockSchema, value, field)
    return [decodeImageSource(value.source, `${field}.source`, context)]
  }],
  ['document', decodeDocument],
  ['tool_use', (value, field, context) => {
    assertAnthropicValue(ToolUseBlockSchema, value, field)
    context.toolNames.set(value.id, value.name)
    return [{ type: 'tool-call', id: value.id, name: value.name, arguments: JSON.stringify(value.input ?? {}) }]
  }],
  ['tool_result', decodeToolResult],
  // Our own earlier thinking, echoed back with its signature: the web backend cannot take it.
  ['thinking', () => []],
  ['redacted_thinking', () => []],
])

function decodeBlock(block: WireBlock, field: string, context: BlockContext): ContentPart[] {
  const decoder = blockDecoders.get(block.type)
  if (decoder) return decoder(block, field, context)
  context.ignored.push(toDottedField(field))
  return []
}

/** A message's `content`: a string is one text block. */
export function decodeContent(content: string | readonly WireBlock[], field: string, context: BlockContext): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return content.flatMap((block, index) => decodeBlock(block, `${field}[${index}]`, context))
}
