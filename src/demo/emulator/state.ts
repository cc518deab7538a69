/**
 * What the emulator saw and holds: the request log (secrets masked), issued xsrf tokens, cookie
 * rotations, conversations, uploads and generated images. Tests read it for assertions.
 */

import type { BoundSession } from './bound-session.ts'

export type RecordedRequest = {
  method: string
  path: string
  /** Lower-case header names; cookie values masked, `at` never recorded in clear. */
  headers: Record<string, string>
  /** Form fields of form-encoded bodies; `at` is masked to `***` (empty stays empty). */
  form?: Record<string, string>
}

type ConversationTurn = { rid: string; rcid: string; contextToken: string; prompt: string; text: string }

export type Conversation = { cid: string; modelHex: string; turns: ConversationTurn[] }

export type GeneratedImage = { seed: number; redirectToken: string }

export type UploadSession = { declaredLength: number | null; fileName: string }

/** Requests kept in the log; older ones are dropped so benchmarks do not grow memory forever. */
const requestLogLimit = 20_000

export class EmulatorState {
  readonly requests: RecordedRequest[] = []
  rotations = 0
  /** The __Secure-1PSIDTS value the emulator last issued (null before the first rotation). */
  currentPsidts: string | null = null
  /** When true, a request is signed in only with the current __Secure-1PSIDTS (once one was issued). */
  enforcePsidts = false
  uploads = 0
  /** Device-bound mode: per __Secure-1PSID, the device key and the 1PSIDTS values issued (src/demo/emulator/bound-session.ts). */
  readonly boundSessions = new Map<string, BoundSession>()
  /** Renewals done by a page's script in device-bound mode. */
  boundRotations = 0
  /** Challenges handed out and not yet answered (device-bound mode). */
  readonly boundChallenges = new Set<string>()
  /** The prompt of the last StreamGenerate, as the emulated model read it (after the size cut). */
  lastPrompt: string | null = null
  /** Text files uploaded, by identifier, as the model reads them (the first ~160 KB); the last 32 kept. */
  readonly uploadedTexts = new Map<string, string>()
  readonly conversationsById = new Map<string, Conversation>()
  /** gg-dl token -> image; rd-gg-dl token -> seed. */
  readonly images = new Map<string, GeneratedImage>()
  readonly redirectedImages = new Map<string, number>()
  readonly uploadSessions = new Map<string, UploadSession>()
  readonly uploadIdentifiers = new Set<string>()
  /** xsrf token -> (account slot, issue sequence). */
  readonly xsrfTokens = new Map<string, { slot: number; sequence: number }>()
  xsrfSequence = 0
  /** Tokens issued at or before this sequence are rejected (set by the xsrf-400 fault). */
  xsrfRevokedThrough = 0
  /** Stops for streams left open (stalls); stop() runs them all. */
  readonly openStreams = new Set<() => void>()
  private idCounter = 0

  get conversations(): number {
    return this.conversationsById.size
  }

  record(entry: RecordedRequest): void {
    if (this.requests.length >= requestLogLimit) this.requests.splice(0, requestLogLimit / 2)
    this.requests.push(entry)
  }

  /** 16 hex digits, unique within this emulator (ids like c_…, r_…, rc_…). */
  nextHexId(): string {
    this.idCounter++
    const mixed = (BigInt(this.idCounter) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn
    return mixed.toString(16).padStart(16, '0')
  }
}
