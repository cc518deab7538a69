/**
 * Token estimates. The web backend reports no token counts, so usage and countTokens are
 * estimated with one rule, applied the same way everywhere: roughly 4 characters per token for
 * Latin-script text, one token per CJK/kana/hangul character, 258 tokens per image or file (the
 * Gemini API's flat rate for an image up to 384 px). Estimates are documented as such.
 */

import type { InternalRequest, Usage } from './ir.ts'

const wideCharacter = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g

export const tokensPerAttachment = 258

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
