/**
 * The web backend has no aspect-ratio or size parameter: the only way to ask for a shape is to
 * say it in the prompt. Formats decode the caller's wish into `generation.image.aspectRatio`
 * (OpenAI `size`, Gemini `imageConfig.aspectRatio`), and the core turns it into one sentence at
 * the end of the prompt here, so both formats get the same words and the hint is added only once.
 */

import { ProxyError } from '../errors.ts'
import type { InternalRequest } from '../ir.ts'

const commonRatios = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const

function closestCommonRatio(width: number, height: number): string {
  const target = Math.log(width / height)
  let best: string = commonRatios[0]
  let bestDistance = Number.POSITIVE_INFINITY
  for (const ratio of commonRatios) {
    const [w, h] = ratio.split(':').map(Number) as [number, number]
    const distance = Math.abs(Math.log(w / h) - target)
    if (distance < bestDistance) {
      best = ratio
      bestDistance = distance
    }
  }
  return best
}

/**
 * The aspect ratio an OpenAI `size` asks for: '1536x1024' -> '3:2', '16:9' -> '16:9'; 'auto' and
 * Gemini-style '1K'/'2K'/'4K' carry no shape (null). Anything else is a clear 400.
 */
export function aspectRatioForSize(size: string): string | null {
  const trimmed = size.trim().toLowerCase()
  if (trimmed === '' || trimmed === 'auto' || /^[124]k$/.test(trimmed)) return null
  const match = /^(\d{1,5})\s*[x×:]\s*(\d{1,5})$/.exec(trimmed)
  if (!match || Number(match[1]) === 0 || Number(match[2]) === 0) {
    throw new ProxyError('invalid_request', `Invalid size "${size}": use "auto" or WIDTHxHEIGHT such as "1024x1024" or "1536x1024"`, { param: 'size' })
  }
  return closestCommonRatio(Number(match[1]), Number(match[2]))
}

function describeOrientation(ratio: string): string {
  const [width, height] = ratio.split(':').map(Number) as [number, number]
  if (width === height) return 'square'
  return width > height ? 'landscape' : 'portrait'
}

/** The sentence appended to the prompt, or null when the request asks for no particular shape. */
function describeImageHints(request: InternalRequest): string | null {
  const ratio = request.generation.image?.aspectRatio
  if (!ratio || !/^\d{1,3}:\d{1,3}$/.test(ratio)) return null
  return `Make the image ${describeOrientation(ratio)} with an aspect ratio of ${ratio}.`
}

/** Returns the request with the hint appended to its last user text (unchanged when there is none). */
export function appendImageHints(request: InternalRequest): InternalRequest {
  const hint = describeImageHints(request)
  if (!hint) return request
  const messages = request.messages.map((message) => ({ ...message, parts: [...message.parts] }))
  for (let messageIndex = messages.length - 1; messageIndex >= 0; messageIndex -= 1) {
    const message = messages[messageIndex]!
    if (message.role !== 'user') continue
    const textIndex = message.parts.findLastIndex((part) => part.type === 'text' && !part.thought)
    if (textIndex >= 0) {
      const part = message.parts[textIndex] as { type: 'text'; text: string }
      message.parts[textIndex] = { type: 'text', text: `${part.text}\n\n${hint}` }
    } else {
      message.parts.push({ type: 'text', text: hint })
    }
    return { ...request, messages }
  }
  return request
}
