/**
 * The shared context every route handler receives: resolved options, the fault switch and state.
 */

import type { DeviceBoundOptions } from './bound-session.ts'
import type { FaultSwitch } from './faults.ts'
import type { EmulatedTier, ModelGeneration } from './protocol-data.ts'
import type { EmulatorState } from './state.ts'

export type XsrfMode = 'required' | 'optional' | 'absent-from-page'

/** Which RotateCookies bodies are understood (Google has moved between them; a 400 answers the other). */
export type RotationBodies = 'both' | 'legacy-only' | 'json-only'
/** 'echo' answers what tests assert; 'demo' answers readably for `--demo`. */
export type AnswerStyle = 'echo' | 'demo'

export type ResolvedOptions = {
  answers: AnswerStyle
  frameDelayMs: number
  textFrames: number | null
  originalImageSide: number
  xsrf: XsrfMode
  rotationBodies: RotationBodies
  tier: EmulatedTier
  modelGeneration: ModelGeneration
  acceptedPsid?: string
  /** Device-bound sessions (src/demo/emulator/bound-session.ts); absent = ordinary sessions. */
  deviceBound?: DeviceBoundOptions
}

export type EmulatorContext = {
  options: ResolvedOptions
  faults: FaultSwitch
  state: EmulatorState
}

/** Sleeps, waking early when the request is aborted (so stopped clients free their timers). */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (milliseconds <= 0) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
