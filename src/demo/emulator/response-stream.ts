/**
 * Sends a body made of pieces (the prefix, then one piece per frame) either at once (zero-delay
 * mode) or paced, and applies the stream faults: stall after N frames (the connection stays open
 * until the client goes away or the emulator stops), cut in the middle of a frame (the connection
 * is dropped), and frame delays.
 */

import { sleep } from './context.ts'
import type { EmulatorState } from './state.ts'

export type StreamPlan = {
  delayMs: number
  /** Frames (pieces after the prefix) sent before the stream stalls; null = no stall. */
  stallAfterFrames: number | null
  /** Frame index (after the prefix) cut in the middle; null = no cut. */
  cutFrame: number | null
}

const encoder = new TextEncoder()

export function streamPieces(pieces: readonly string[], plan: StreamPlan, headers: Headers, signal: AbortSignal, state: EmulatorState): Response {
  if (plan.delayMs <= 0 && plan.stallAfterFrames === null && plan.cutFrame === null) {
    return new Response(pieces.join(''), { status: 200, headers })
  }
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (let index = 0; index < pieces.length; index++) {
        if (signal.aborted) return
        const piece = pieces[index] as string
        const frameNumber = index // piece 0 is the prefix; frame k is piece k
        if (plan.cutFrame !== null && frameNumber === plan.cutFrame + 1) {
          const bytes = encoder.encode(piece)
          controller.enqueue(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))))
          // Let the half frame reach the socket before the connection is dropped.
          await sleep(5, signal)
          // An undefined reason resets the socket without Bun printing a stack trace for it.
          controller.error(undefined)
          return
        }
        if (index > 1 && plan.delayMs > 0) await sleep(plan.delayMs, signal)
        if (signal.aborted) return
        controller.enqueue(encoder.encode(piece))
        if (plan.stallAfterFrames !== null && frameNumber === plan.stallAfterFrames) {
          await waitUntilReleased(signal, state)
          try {
            controller.close()
          } catch {
            // The client already went away.
          }
          return
        }
      }
      controller.close()
    },
  })
  return new Response(body, { status: 200, headers })
}

/** Resolves when the client aborts or the emulator stops: the only ways a stalled stream ends. */
function waitUntilReleased(signal: AbortSignal, state: EmulatorState): Promise<void> {
  return new Promise((resolve) => {
    const release = (): void => {
      state.openStreams.delete(release)
      signal.removeEventListener('abort', release)
      resolve()
    }
    state.openStreams.add(release)
    signal.addEventListener('abort', release, { once: true })
  })
}
