/**
 * Token estimates. The web backend reports no token counts, so usage and countTokens are
 * estimated with one rule, applied the same way everywhere: roughly 4 characters per token for
 * Latin-script text, one token per CJK/kana/hangul character, 258 tokens per image or file (the
 * Gemini API's flat rate for an image up to 384 px). Estimates are documented as such.
 */

import type { InternalRequest, StreamPart, Usage } from './ir.ts'

const wideCharacter = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g

const tokensPerAttachment = 258

export function estimateTextTokens(text: string): number {
  if (text.length === 0) return 0
  const wide = text.match(wideCharacter)?.length ?? 0
  const narrow = text.length - wide
  return wide + Math.ceil(narrow / 4)
}

export function estimateRequestTokens(request: InternalRequest): number {
  let total = estimateTextTokens(request.systemInstruction ?? '')
  for (const message of request.messages) {
    for (const part of message.parts) {
      if (part.type === 'text') total += estimateTextTokens(part.text)
      else if (part.type === 'image' || part.type === 'file') total += tokensPerAttachment
      else if (part.type === 'tool-call') total += estimateTextTokens(part.name + part.arguments)
      else total += estimateTextTokens(part.name + part.content)
    }
  }
  return total
}

export function buildUsage(inputTokens: number, outputText: string, thoughtText: string, imageCount: number): Usage {
  const outputTokens = estimateTextTokens(outputText) + imageCount * tokensPerAttachment
  const thoughtTokens = estimateTextTokens(thoughtText)
  return { inputTokens, outputTokens, thoughtTokens, totalTokens: inputTokens + outputTokens + thoughtTokens }
}

export type UsageCounter = {
  addText(delta: string): void
  addThought(delta: string): void
  addImage(): void
  /** Counts what a stream part adds to the output (text, thoughts, tool calls, images). */
  countPart(part: StreamPart): void
  usage(): Usage
}

/**
 * Counts usage as deltas arrive, so a stream costs one pass over its text rather than a re-scan
 * of everything so far on each frame. Characters are counted per kind and rounded once at the
 * end, which gives the same numbers as estimating the joined text.
 */
export function createUsageCounter(inputTokens: number): UsageCounter {
  let textWide = 0
  let textNarrow = 0
  let thoughtWide = 0
  let thoughtNarrow = 0
  let images = 0
  const countWide = (text: string) => text.match(wideCharacter)?.length ?? 0
  return {
    addText(delta) {
      const wide = countWide(delta)
      textWide += wide
      textNarrow += delta.length - wide
    },
    addThought(delta) {
      const wide = countWide(delta)
      thoughtWide += wide
      thoughtNarrow += delta.length - wide
    },
    addImage() {
      images += 1
    },
    countPart(part) {
      if (part.type === 'text-delta') this.addText(part.text)
      else if (part.type === 'thought-delta') this.addThought(part.text)
      else if (part.type === 'tool-call') this.addText(part.name + part.arguments)
      else if (part.type === 'image') this.addImage()
    },
    usage() {
      const outputTokens = textWide + Math.ceil(textNarrow / 4) + images * tokensPerAttachment
      const thoughtTokens = thoughtWide + Math.ceil(thoughtNarrow / 4)
      return { inputTokens, outputTokens, thoughtTokens, totalTokens: inputTokens + outputTokens + thoughtTokens }
    },
  }
}
