/**
 * Every deadline of one upstream call in one AbortController: the overall ceiling
 * (`upstream.requestTimeoutSeconds`), the idle gap between frames
 * (`upstream.streamIdleTimeoutSeconds`) and the caller going away (`context.signal`). The reason
 * is kept as a ProxyError so whatever was waiting can report the right kind.
 */

import { ProxyError } from '../../core/errors.ts'
import { raceAbort } from '../../lib/race-abort.ts'

export class Deadline {
  private readonly controller = new AbortController()
  private overallTimer: ReturnType<typeof setTimeout> | undefined
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  /** When bytes last arrived (the idle timer measures from here when it fires). */
  private touchedAt = 0
  // The caller's reason is kept when it is ours (a shutdown answers 503 with Retry-After, not 499).
  private readonly onCallerAbort = () =>
    this.abort(this.callerSignal.reason instanceof ProxyError ? this.callerSignal.reason : new ProxyError('client_closed', 'The client closed the request'))
  reason: ProxyError | undefined

  constructor(
    private readonly callerSignal: AbortSignal,
    overallSeconds: number,
    private readonly idleSeconds: number,
  ) {
    if (callerSignal.aborted) this.onCallerAbort()
    else callerSignal.addEventListener('abort', this.onCallerAbort, { once: true })
    this.overallTimer = setTimeout(
      () => this.abort(new ProxyError('upstream_timeout', `The upstream did not finish within ${overallSeconds} s`)),
      overallSeconds * 1000,
    )
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  /**
   * Marks bytes as arrived. Called for every upstream read, so it only notes the time: the idle
   * timer, when it fires, re-arms itself for what is left of the gap instead of being cleared and
   * set again on each read.
   */
  touch(): void {
    this.touchedAt = performance.now()
    if (!this.idleTimer) this.armIdleTimer(this.idleSeconds * 1000)
  }

  private armIdleTimer(delayMs: number): void {
    this.idleTimer = setTimeout(() => {
      const idleMs = performance.now() - this.touchedAt
      if (idleMs >= this.idleSeconds * 1000) this.abort(new ProxyError('upstream_timeout', `The upstream stream stalled for ${this.idleSeconds} s`))
      else this.armIdleTimer(this.idleSeconds * 1000 - idleMs)
    }, delayMs)
  }

  abort(reason: ProxyError): void {
    if (this.controller.signal.aborted) return
    this.reason = reason
    this.controller.abort(reason)
  }

  /** Races a promise against the deadline (called for every upstream read, so nothing may linger). */
  race<T>(promise: Promise<T>): Promise<T> {
    return raceAbort(promise, this.controller.signal, () => this.reason ?? new ProxyError('upstream_timeout', 'Aborted'))
  }

  dispose(): void {
    if (this.overallTimer) clearTimeout(this.overallTimer)
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.callerSignal.removeEventListener('abort', this.onCallerAbort)
  }
}
