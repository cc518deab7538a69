/**
 * Entry point of the Gemini web emulator: `startEmulator(options)` serves, on one loopback origin,
 * everything the client calls at Google (see CONTRACT.md beside this file), and exposes `fetch` for
 * in-process use, the fault switch and the state for assertions.
 */

import type { AnswerStyle, EmulatorContext, ResolvedOptions, RotationBodies, XsrfMode } from './context.ts'
import { FaultSwitch } from './faults.ts'
import { routeRequest } from './router.ts'
import { EmulatorState } from './state.ts'
import type { EmulatedTier, ModelGeneration } from './protocol-data.ts'
import type { DeviceBoundOptions } from './bound-session.ts'

export type { FaultName, FaultOptions } from './faults.ts'
export { FaultSwitch } from './faults.ts'
export { EmulatorState } from './state.ts'
export * as protocolData from './protocol-data.ts'

export type EmulatorOptions = {
  /** Default 0 (ephemeral); always binds 127.0.0.1. */
  port?: number
  /** Delay between stream frames in ms (0 = zero-delay mode, the default). */
  frameDelayMs?: number
  /** Paced-stream mode for benchmarks: answer with exactly this many text frames. */
  textFrames?: number
  /** Longest side of the 'original size' (=s0) generated image. Default 2048. */
  originalImageSide?: number
  /** How the `at` xsrf token is enforced. Default 'required'. */
  xsrf?: XsrfMode
  /** The only __Secure-1PSID accepted as signed in (default: any non-empty value). */
  acceptedPsid?: string
  /** Which RotateCookies bodies are understood. Default 'both'. */
  rotationBodies?: RotationBodies
  /** The emulated account's tier: which model ids it is offered and its otAQ7b flags. Default 'free'. */
  tier?: EmulatedTier
  /** 'renamed' offers ids no client table knows (discovery must find them). Default 'current'. */
  modelGeneration?: ModelGeneration
  /** 'echo' (default, what tests assert) or 'demo' (readable answers for `--demo`). */
  answers?: AnswerStyle
  /** Device-bound sessions: only the page's own script can renew 1PSIDTS (src/demo/emulator/bound-session.ts). */
  deviceBound?: DeviceBoundOptions
  /** Also serve HTTPS with this certificate (PEM), for a real browser pointed at Google's host names. */
  tls?: { cert: string; key: string }
}

export type Emulator = {
  /** 'http://127.0.0.1:PORT' */
  origin: string
  /** The HTTPS port when `tls` was given (the same emulator, same state). */
  httpsPort: number | null
  /** Handle a request without a socket (for in-process use). */
  fetch(request: Request): Promise<Response>
  faults: FaultSwitch
  /** What the emulator saw and holds, for assertions. */
  state: EmulatorState
  stop(): Promise<void>
}

function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    answers: options.answers ?? 'echo',
    frameDelayMs: Math.max(0, options.frameDelayMs ?? 0),
    textFrames: options.textFrames === undefined ? null : Math.max(1, Math.floor(options.textFrames)),
    originalImageSide: options.originalImageSide ?? 2048,
    xsrf: options.xsrf ?? 'required',
    rotationBodies: options.rotationBodies ?? 'both',
    tier: options.tier ?? 'free',
    modelGeneration: options.modelGeneration ?? 'current',
  }
  if (options.acceptedPsid !== undefined) resolved.acceptedPsid = options.acceptedPsid
  if (options.deviceBound !== undefined) resolved.deviceBound = options.deviceBound
  return resolved
}

/** Builds the request handler without a socket (used by startEmulator and by in-process tests). */
export function createEmulatorHandler(options: EmulatorOptions = {}): { fetch(request: Request): Promise<Response>; faults: FaultSwitch; state: EmulatorState } {
  const context: EmulatorContext = { options: resolveOptions(options), faults: new FaultSwitch(), state: new EmulatorState() }
  const fetch = async (request: Request): Promise<Response> => {
    try {
      return await routeRequest(request, context)
    } catch (error) {
      // A bug in the emulator must show up as a clear 500, never as a hung request.
      const message = error instanceof Error ? error.message : String(error)
      return new Response(`Emulator error: ${message}`, { status: 500, headers: { 'x-emulator-error': '1' } })
    }
  }
  return { fetch, faults: context.faults, state: context.state }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const handler = createEmulatorHandler(options)
  const server = Bun.serve({ hostname: '127.0.0.1', port: options.port ?? 0, idleTimeout: 0, fetch: handler.fetch })
  const secure = options.tls ? Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 0, tls: options.tls, fetch: handler.fetch }) : null
  return {
    origin: `http://127.0.0.1:${server.port}`,
    httpsPort: secure?.port ?? null,
    fetch: handler.fetch,
    faults: handler.faults,
    state: handler.state,
    async stop() {
      for (const release of [...handler.state.openStreams]) release()
      await server.stop(true)
      await secure?.stop(true)
    },
  }
}
