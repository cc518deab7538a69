/**
 * Per-test fault switch. A test arms a fault by name; handlers ask `take(name)` at the point where
 * the fault applies. A fault fires until cleared, or `times` times when given.
 */

export type FaultName =
  | 'signed-out-page'
  | 'no-snlm0e'
  | 'redirect-login'
  | 'redirect-sorry'
  | 'redirect-consent'
  | 'app-http-status'
  | 'generate-http-status'
  | 'xsrf-400'
  | 'bard-error'
  | 'bard-error-after-content'
  | 'status-only'
  | 'empty-answer'
  | 'slow-first-byte'
  | 'stall-after-frames'
  | 'cut-mid-frame'
  | 'unframed'
  | 'rotation-no-psidts'
  | 'rotation-status'
  | 'upload-status'
  | 'image-download-status'
  | 'attestation-required'

export type FaultOptions = {
  /** Fire this many times, then clear itself. Default: until cleared. */
  times?: number
  /** HTTP status for the *-status faults. */
  status?: number
  /** BardErrorInfo code for bard-error / bard-error-after-content; status for status-only. */
  code?: number
  /** Delay for slow-first-byte. */
  ms?: number
  /** Frames sent before stall-after-frames stalls. */
  frames?: number
}

type ArmedFault = { options: FaultOptions; remaining: number }

export class FaultSwitch {
  private readonly armed = new Map<FaultName, ArmedFault>()
  /** Incremented on every `set`; the xsrf fault uses it to tell tokens issued before from after. */
  private generation = 0
  private readonly armedAt = new Map<FaultName, number>()

  set(fault: FaultName, options: FaultOptions = {}): void {
    const remaining = options.times ?? Number.POSITIVE_INFINITY
    if (remaining <= 0) throw new Error(`fault ${fault}: times must be positive`)
    this.generation++
    this.armed.set(fault, { options, remaining })
    this.armedAt.set(fault, this.generation)
  }

  clear(fault?: FaultName): void {
    if (fault === undefined) {
      this.armed.clear()
      this.armedAt.clear()
      return
    }
    this.armed.delete(fault)
    this.armedAt.delete(fault)
  }

  /** Which `set` call armed the fault (changes on every re-arm). */
  armedGeneration(fault: FaultName): number | undefined {
    return this.armedAt.get(fault)
  }

  isArmed(fault: FaultName): boolean {
    return this.armed.has(fault)
  }

  /** Options of an armed fault without consuming a firing. */
  peek(fault: FaultName): FaultOptions | undefined {
    return this.armed.get(fault)?.options
  }

  /** Consumes one firing of an armed fault and returns its options; undefined when not armed. */
  take(fault: FaultName): FaultOptions | undefined {
    const entry = this.armed.get(fault)
    if (entry === undefined) return undefined
    entry.remaining--
    if (entry.remaining <= 0) this.clear(fault)
    return entry.options
  }

  /** True when any fault is armed: lets the hot path skip per-fault lookups. */
  get anyArmed(): boolean {
    return this.armed.size > 0
  }
}
