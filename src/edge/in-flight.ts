/**
 * Tracks requests and streams in flight, so graceful shutdown can wait for them and then abort
 * the ones still running after the deadline.
 */

export type InFlightTracker = {
  /** Registers a request; returns the function that marks it finished. */
  begin(abort: () => void): () => void
  count(): number
  /** Resolves when nothing is in flight or the deadline passes; returns how many were left. */
  drain(deadlineMs: number): Promise<number>
  abortAll(): void
}

export function createInFlightTracker(): InFlightTracker {
  const active = new Map<number, () => void>()
  let nextId = 0
  let waiters: Array<() => void> = []
  const notify = () => {
    if (active.size > 0) return
    for (const waiter of waiters) waiter()
    waiters = []
  }
  return {
    begin(abort) {
      const id = nextId++
      active.set(id, abort)
      return () => {
        if (active.delete(id)) notify()
      }
    },
    count: () => active.size,
    async drain(deadlineMs) {
      if (active.size === 0) return 0
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([
        new Promise<void>((resolve) => waiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadlineMs)
        }),
      ])
      clearTimeout(timer)
      return active.size
    },
    abortAll() {
      for (const abort of active.values()) abort()
    },
  }
}
