/**
 * Counts frames as they arrive in a streamed body, with the time each one completed, so the
 * stream tests can report frames lost and the largest gap between frames. Two framings: Google's
 * length-prefixed StreamGenerate body (`)]}'` then `<length>\n<chunk>`; lengths count UTF-16 code
 * units from the newline) and server-sent events (`data:` events; `:` comments are keep-alives).
 * It also tells which frames carry answer text, so time to first *text* compares like for like:
 * a Google frame whose payload has candidate text (read with the backend's own extractor,
 * src/backends/gemini-web/extract-candidate.ts), an SSE event with a non-empty text delta
 * (OpenAI `choices[0].delta.content`, Gemini `candidates[0].content.parts[].text`, Anthropic
 * `delta.text`).
 */

import { createExtractOptions, extractPayload } from '../../src/backends/gemini-web/extract-candidate.ts'
import { defaultProtocolData } from '../../src/backends/gemini-web/protocol-data.ts'
import { readEnvelopes } from '../../src/backends/gemini-web/read-envelopes.ts'

export type FrameKind = 'framed' | 'sse'

export type FrameCounter = {
  /**
   * Feeds decoded text; returns how many frames this piece completed and whether one of them is
   * the first to hold text (frames after it are not parsed, to keep the load generator light).
   */
  push(text: string): { completed: number; withText: number }
}

const extractOptions = createExtractOptions(defaultProtocolData.placeholderPattern, defaultProtocolData.cardContentPattern)

function googleFrameHasText(chunk: string): boolean {
  try {
    return readEnvelopes(JSON.parse(chunk) as unknown, defaultProtocolData.bardErrorType).some(
      (envelope) => envelope.type === 'payload' && (extractPayload(envelope.payload, extractOptions).candidate?.text ?? '') !== '',
    )
  } catch {
    return false
  }
}

type SseEvent = {
  choices?: Array<{ delta?: { content?: string | null } }>
  candidates?: Array<{ content?: { parts?: Array<{ text?: string; thought?: boolean }> } }>
  delta?: { text?: string }
}

function sseDataHasText(data: string): boolean {
  try {
    const event = JSON.parse(data) as SseEvent
    if (event.choices?.[0]?.delta?.content) return true
    if (event.candidates?.[0]?.content?.parts?.some((part) => part.text && !part.thought)) return true
    return Boolean(event.delta?.text)
  } catch {
    return false
  }
}

export function createFrameCounter(kind: FrameKind): FrameCounter {
  let buffer = ''
  let textSeen = false
  if (kind === 'sse') {
    return {
      push(text) {
        buffer += text.replaceAll('\r\n', '\n')
        let completed = 0
        let withText = 0
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = event.split('\n').filter((line) => line.startsWith('data:'))
          if (data.length === 0) continue
          completed++
          if (!textSeen && sseDataHasText(data.map((line) => line.slice(5).trim()).join('\n'))) {
            textSeen = true
            withText++
          }
        }
        return { completed, withText }
      },
    }
  }
  let prefixSeen = false
  return {
    push(text) {
      buffer += text
      if (!prefixSeen) {
        const prefixEnd = buffer.indexOf('\n\n')
        if (prefixEnd < 0) return { completed: 0, withText: 0 }
        buffer = buffer.slice(prefixEnd + 2)
        prefixSeen = true
      }
      let completed = 0
      let withText = 0
      let position = 0
      for (let guard = 0; guard < 100_000; guard++) {
        const newline = buffer.indexOf('\n', position)
        if (newline < 0) break
        const length = Number(buffer.slice(position, newline))
        if (!Number.isFinite(length) || length <= 0 || buffer.length < newline + length) break
        completed++
        if (!textSeen && googleFrameHasText(buffer.slice(newline, newline + length))) {
          textSeen = true
          withText++
        }
        position = newline + length
      }
      buffer = buffer.slice(position)
      return { completed, withText }
    },
  }
}
