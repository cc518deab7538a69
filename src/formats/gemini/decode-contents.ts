/**
 * Gemini `contents` to internal messages. Roles `user`/`model` map to user/assistant (a missing
 * role is user); function results, which Gemini carries in user turns, become `tool` messages so
 * every backend sees them the same way whichever format sent them. Thought parts and signatures
 * are echoes of our own earlier answers and are dropped.
 */

import { ProxyError } from '../../core/errors.ts'
import type { BinarySource, ContentPart, Message, MessageRole } from '../../core/ir.ts'
import type { WireContent, WirePart } from './wire-schema.ts'

const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/

/** Base64 (standard or URL-safe) to bytes; a clear 400 naming the field otherwise. */
function decodeBase64Field(data: string, field: string): Uint8Array {
  const compact = data.replace(/\s+/g, '')
  if (compact.length === 0 || !base64Pattern.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    throw new ProxyError('invalid_request', `Invalid value at '${field}': not valid base64 data`, { param: field })
  }
  return new Uint8Array(Buffer.from(compact, 'base64'))
}

function decodeFileUri(uri: string, mimeType: string | undefined, field: string): BinarySource {
  let parsed: URL
  try {
    parsed = new URL(uri)
  } catch {
    parsed = new URL('invalid:')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ProxyError('invalid_request', `Invalid value at '${field}': only http(s) URLs are supported (the Files API and gs:// URIs are not available on this server); send the data inline instead`, { param: field })
  }
  return mimeType ? { kind: 'url', url: uri, mimeType } : { kind: 'url', url: uri }
}

function parseArguments(args: unknown): string {
  return JSON.stringify(args ?? {})
}

function stringifyResponse(response: unknown): string {
  if (typeof response === 'string') return response
  // @ai-sdk/google wraps text results as {name, content}; hand the backend the text itself.
  if (response && typeof response === 'object' && 'content' in response && typeof (response as { content: unknown }).content === 'string') {
    return (response as { content: string }).content
  }
  return JSON.stringify(response ?? {})
}

/** Pairs calls and results that carry no id: the k-th call of a name matches its k-th result. */
class CallIdAllocator {
  private readonly calls = new Map<string, number>()
  private readonly results = new Map<string, number>()

  forCall(name: string, id: string | undefined): string {
    const count = this.calls.get(name) ?? 0
    this.calls.set(name, count + 1)
    return id || `call_${name}_${count}`
  }

  forResult(name: string, id: string | undefined): string {
    const count = this.results.get(name) ?? 0
    this.results.set(name, count + 1)
    return id || `call_${name}_${count}`
  }
}

function decodePart(part: WirePart, field: string, ids: CallIdAllocator): ContentPart | null {
  if (part.inlineData) {
    const data = decodeBase64Field(part.inlineData.data, `${field}.inlineData.data`)
    const source: BinarySource = { kind: 'bytes', data, mimeType: part.inlineData.mimeType }
    return part.inlineData.mimeType.startsWith('image/') ? { type: 'image', source } : { type: 'file', source }
  }
  if (part.fileData) {
    const source = decodeFileUri(part.fileData.fileUri, part.fileData.mimeType, `${field}.fileData.fileUri`)
    return part.fileData.mimeType?.startsWith('image/') ? { type: 'image', source } : { type: 'file', source }
  }
  if (part.functionCall) {
    const { name, id, args } = part.functionCall
    return { type: 'tool-call', id: ids.forCall(name, id), name, arguments: parseArguments(args) }
  }
  if (part.functionResponse) {
    const { name, id, response } = part.functionResponse
    return { type: 'tool-result', id: ids.forResult(name, id), name, content: stringifyResponse(response) }
  }
  // Thoughts are our own earlier reasoning echoed back; the web backend cannot take them.
  if (part.thought === true) return null
  if (typeof part.text === 'string') return { type: 'text', text: part.text }
  // A part with only a thoughtSignature (or an unknown data field such as executableCode).
  return null
}

function decodeRole(role: string | undefined, field: string): MessageRole {
  if (role === undefined || role === '' || role === 'user') return 'user'
  if (role === 'model') return 'assistant'
  // PublicAffairs-style clients send role "function" for tool results; its parts decide.
  if (role === 'function' || role === 'tool') return 'user'
  throw new ProxyError('invalid_request', `Invalid value at '${field}': role must be "user" or "model"`, { param: field })
}

export function decodeContents(contents: readonly WireContent[], basePath = 'contents'): Message[] {
  const ids = new CallIdAllocator()
  const messages: Message[] = []
  contents.forEach((content, contentIndex) => {
    const role = decodeRole(content.role, `${basePath}[${contentIndex}].role`)
    const parts: ContentPart[] = []
    const results: ContentPart[] = []
    content.parts.forEach((part, partIndex) => {
      const decoded = decodePart(part, `${basePath}[${contentIndex}].parts[${partIndex}]`, ids)
      if (!decoded) return
      if (decoded.type === 'tool-result') results.push(decoded)
      else parts.push(decoded)
    })
    if (results.length > 0) messages.push({ role: 'tool', parts: results })
    if (parts.length > 0) messages.push({ role, parts })
  })
  return messages
}

/** The text of a systemInstruction; its role is ignored (the SDK sends "user"). */
export function decodeSystemInstruction(parts: readonly WirePart[]): string | undefined {
  const texts = parts.filter((part) => typeof part.text === 'string' && part.thought !== true).map((part) => part.text as string)
  return texts.length > 0 ? texts.join('\n') : undefined
}
