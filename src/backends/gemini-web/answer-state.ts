/**
 * Accumulates one StreamGenerate answer from its envelopes: text and thought deltas (through
 * delta trackers), ids, the routed model, the context token, images, and the first error seen.
 * The generate loop and the fixture tests both use it, so what the tests assert is what callers get.
 */

import { DeltaTracker } from './delta-tracker.ts'
import type { Envelope } from './read-envelopes.ts'
import { extractPayload, type ExtractOptions, type ImageReference } from './extract-candidate.ts'

export type AnswerDelta = { thought: string; text: string }

export type AnswerError =
  | { type: 'bard'; code: number }
  | { type: 'status'; code: number | null }
  | { type: 'http'; status: number | null; reason: string | null }

export class AnswerState {
  private readonly textTracker = new DeltaTracker()
  private readonly thoughtTracker = new DeltaTracker()
  private lastText = ''
  private lastThoughts = ''
  conversationId: string | undefined
  responseId: string | undefined
  responseCandidateId: string | undefined
  routedModel: string | undefined
  contextToken: string | undefined
  completion: number | undefined
  contentFrames = 0
  generatedImages: ImageReference[] = []
  webImages: ImageReference[] = []
  /** The first error that arrived before the answer was complete. */
  error: AnswerError | undefined
  /** Errors that arrived after a complete answer (e.g. the 1096 tail); logged, not fatal. */
  ignoredErrors: AnswerError[] = []
  ended = false

  constructor(private readonly options: ExtractOptions) {}

  get text(): string {
    return this.textTracker.text
  }

  get thoughts(): string {
    return this.thoughtTracker.text
  }

  get complete(): boolean {
    return this.completion === 2
  }

  /** Feeds one envelope; returns the new thought and text to emit. */
  apply(envelope: Envelope): AnswerDelta {
    const none = { thought: '', text: '' }
    if (envelope.type === 'end') {
      this.ended = true
      return none
    }
    if (envelope.type === 'status') {
      this.recordError(envelope.bardCode !== null ? { type: 'bard', code: envelope.bardCode } : { type: 'status', code: envelope.code })
      return none
    }
    if (envelope.type === 'http-error') {
      this.recordError({ type: 'http', status: envelope.status, reason: envelope.reason })
      return none
    }
    if (envelope.type !== 'payload') return none
    const snapshot = extractPayload(envelope.payload, this.options)
    this.conversationId = snapshot.conversationId ?? this.conversationId
    this.responseId = snapshot.responseId ?? this.responseId
    this.routedModel = snapshot.routedModel ?? this.routedModel
    this.contextToken = snapshot.contextToken ?? this.contextToken
    const candidate = snapshot.candidate
    if (!candidate) return none
    this.contentFrames++
    this.responseCandidateId = candidate.responseCandidateId ?? this.responseCandidateId
    this.completion = candidate.completion ?? this.completion
    if (candidate.generatedImages.length > 0) this.generatedImages = candidate.generatedImages
    if (candidate.webImages.length > 0) this.webImages = candidate.webImages
    const final = candidate.completion !== undefined && candidate.completion !== 1
    this.lastText = candidate.text
    this.lastThoughts = candidate.thoughts || this.lastThoughts
    return { thought: this.thoughtTracker.next(this.lastThoughts, final), text: this.textTracker.next(candidate.text, final) }
  }

  /** Flushes text held back as possibly unstable once the body has ended. */
  finish(): AnswerDelta {
    return { thought: this.thoughtTracker.next(this.lastThoughts, true), text: this.textTracker.next(this.lastText, true) }
  }

  private recordError(error: AnswerError): void {
    if (this.contentFrames > 0 && this.complete) this.ignoredErrors.push(error)
    else this.error ??= error
  }
}
