/**
 * The internal model every format decodes into and encodes out of (hub and spokes): one request
 * shape, one stream of typed parts, one collected response. Formats never talk to each other and
 * the backend never sees a wire format, so a new format or backend touches only its own folder.
 */

import type { ProxyError } from './errors.ts'

/** What the caller asked for. `chat` covers text models and image models answering in chat form. */
type Task = 'chat' | 'image-generation' | 'image-edit' | 'count-tokens'

/** Bytes the caller sent inline, or a remote URL the core must fetch (with SSRF checks) first. */
export type BinarySource =
  | { kind: 'bytes'; data: Uint8Array; mimeType: string }
  | { kind: 'url'; url: string; mimeType?: string }

type TextPart = { type: 'text'; text: string; thought?: boolean }
export type ImagePart = { type: 'image'; source: BinarySource; filename?: string }
type FilePart = { type: 'file'; source: BinarySource; filename?: string }
type ToolCallPart = { type: 'tool-call'; id: string; name: string; arguments: string }
type ToolResultPart = { type: 'tool-result'; id: string; name: string; content: string }

export type ContentPart = TextPart | ImagePart | FilePart | ToolCallPart | ToolResultPart

export type MessageRole = 'user' | 'assistant' | 'tool'

export type Message = { role: MessageRole; parts: ContentPart[] }

export type ToolDefinition = { name: string; description?: string; parameters?: unknown }

export type ToolChoice =
  | { mode: 'auto' }
  | { mode: 'none' }
  | { mode: 'required'; allowedNames?: string[] }

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json'; schema?: unknown; name?: string }

export type ThinkingOptions = {
  /** Whether thoughts should be returned to the caller (they may still happen upstream). */
  includeThoughts: boolean
  budgetTokens?: number
  effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'max'
}

export type ImageOptions = {
  count: number
  size?: string
  aspectRatio?: string
  quality?: string
  /** How the caller wants images back (OpenAI images API); chat answers ignore it. */
  responseFormat?: 'url' | 'b64_json'
}

export type GenerationOptions = {
  temperature?: number
  topP?: number
  topK?: number
  maxOutputTokens?: number
  stopSequences?: string[]
  candidateCount?: number
  seed?: number
  responseFormat?: ResponseFormat
  responseModalities?: Array<'text' | 'image'>
  thinking?: ThinkingOptions
  image?: ImageOptions
}

/** Gemini's ?alt=sse versus the streamed JSON array; OpenAI always uses sse. */
type StreamMode = 'sse' | 'json-array'

export type InternalRequest = {
  task: Task
  /** The public model id the caller named (before alias resolution). */
  model: string
  messages: Message[]
  systemInstruction?: string
  generation: GenerationOptions
  tools?: ToolDefinition[]
  toolChoice?: ToolChoice
  stream: boolean
  streamMode?: StreamMode
  /** The caller asked for a usage chunk at the end of the stream (OpenAI stream_options.include_usage). */
  streamUsage?: boolean
  /** Generated images need a delivery URL (OpenAI `url` answers, markdown links in chat); otherwise they travel inline. */
  imageUrls?: boolean
  /** Opaque caller identity (OpenAI `user`), kept for logs and limits, never sent upstream. */
  endUser?: string
  /**
   * The request this one continues, by the server's request id (Responses `previous_response_id`):
   * only the new turns are in `messages`, the rest is upstream (src/conversations/).
   */
  previousRequestId?: string
  /**
   * The caller may name this answer later to continue from it (Responses `previous_response_id`),
   * so its request id is remembered; other formats have no such field and skip that write.
   */
  continuableById?: boolean
  /** Set by the core when an upstream conversation holds the first messages already. */
  continuation?: Continuation
}

/**
 * An upstream conversation to continue: the backend's own state (ids, tokens), the account that
 * owns it, and how many leading messages of the request it already holds. `strict` means the
 * earlier turns are not in the request (previous_response_id): only that account can answer.
 */
export type Continuation = { state: unknown; account: string; consumedMessages: number; strict?: boolean }

/**
 * What the caller should know that is not an error. Decoders report fields they accepted but
 * cannot honour; the backend reports older turns it had to leave out. They travel in a
 * `stream-start` part and reach the caller as response headers (src/pipeline/stages/encode.ts).
 */
export type Warning = { type: 'ignored-field'; field: string } | { type: 'context-truncated'; message: string }

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other'

export type Usage = {
  inputTokens: number
  outputTokens: number
  thoughtTokens: number
  totalTokens: number
}

/** An image produced by the backend: real bytes with the dimensions read from them. */
export type GeneratedImage = {
  mimeType: string
  data: Uint8Array
  width: number
  height: number
  alt?: string
  /** Filled by the core when the image is stored for URL delivery. */
  url?: string
}

type ResponseMetadata = {
  responseId?: string
  conversationId?: string
  /** The upstream's own name for the model that answered (silent downgrades show here). */
  upstreamModel?: string
  /** What continues this conversation upstream after this answer (backend state and account). */
  continuation?: { state: unknown; account: string }
}

export type StreamPart =
  | { type: 'stream-start'; warnings: Warning[] }
  | { type: 'text-delta'; text: string }
  | { type: 'thought-delta'; text: string }
  | { type: 'image'; image: GeneratedImage }
  | { type: 'tool-call'; id: string; name: string; arguments: string }
  | { type: 'metadata'; metadata: ResponseMetadata }
  /** `raw` is the upstream's own completion value, kept for logs and formats that can show it. */
  | { type: 'finish'; reason: FinishReason; raw?: string; usage?: Usage }
  | { type: 'error'; error: ProxyError }

export type InternalResponse = {
  text: string
  thoughts: string
  images: GeneratedImage[]
  toolCalls: Array<{ id: string; name: string; arguments: string }>
  finishReason: FinishReason
  /** The upstream's own completion value, when it sent one. */
  finishRaw?: string
  usage: Usage
  metadata: ResponseMetadata
  warnings: Warning[]
}
