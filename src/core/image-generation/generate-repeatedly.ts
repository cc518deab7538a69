/**
 * OpenAI's `n`: the web backend makes one image (sometimes a few) per conversation turn, so n
 * images take up to n backend calls, one after another (parallel calls would trip the upstream's
 * rate limits and the per-model interval). The caller sees one stream: text and metadata of the
 * first call, at most n images, one finish. A call that yields no image ends the repetition
 * (the model refused; asking again burns a minute for the same answer), and a failure after some
 * images were made returns those images instead of throwing them away.
 */

import { toProxyError } from '../errors.ts'
import type { FinishReason, StreamPart, Usage } from '../ir.ts'

export type RepeatOptions = {
  /** Images wanted (generation.image.count), more than one (src/core/image-generation/run-image-generation.ts calls the backend directly for one). */
  count: number
  /** Starts one backend generation. */
  runOnce: () => AsyncIterable<StreamPart>
  signal?: AbortSignal
}

function addUsage(total: Usage | undefined, usage: Usage | undefined): Usage | undefined {
  if (!usage) return total
  if (!total) return { ...usage }
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    thoughtTokens: total.thoughtTokens + usage.thoughtTokens,
    totalTokens: total.totalTokens + usage.totalTokens,
  }
}

export async function* generateImagesRepeatedly(options: RepeatOptions): AsyncGenerator<StreamPart> {
  const wanted = Math.max(1, Math.floor(options.count))
  let images = 0
  let usage: Usage | undefined
  let reason: FinishReason = 'stop'
  for (let attempt = 0; attempt < wanted && images < wanted; attempt += 1) {
    if (options.signal?.aborted) break
    const imagesBefore = images
    try {
      for await (const part of options.runOnce()) {
        if (part.type === 'image') {
          if (images < wanted) yield part
          images += 1
        } else if (part.type === 'finish') {
          usage = addUsage(usage, part.usage)
          reason = part.reason
        } else if (part.type === 'error') {
          throw part.error
        } else if (attempt === 0) {
          yield part
        }
      }
    } catch (failure) {
      if (images === 0) throw failure
      // Keep the images already made (unless the client left): fewer than n beats none.
      if (toProxyError(failure).kind === 'client_closed') throw failure
      break
    }
    if (images === imagesBefore) break
  }
  yield { type: 'finish', reason: images > 0 ? 'stop' : reason, ...(usage ? { usage } : {}) }
}
