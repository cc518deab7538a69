/**
 * How many requests one client address may have in flight at once (`server.maxRequestsPerClient`).
 * A request counts from its headers until its answer starts, which covers the slow body uploads
 * that held connections for minutes; the hourly rate limit is a different budget.
 */

export type ClientSlots = {
  /** A release function, or null when the client already has its share in flight. */
  take(address: string): (() => void) | null
}

export function createClientSlots(maximumPerClient: number): ClientSlots {
  const inFlight = new Map<string, number>()
  return {
    take(address) {
      const count = inFlight.get(address) ?? 0
      if (count >= maximumPerClient) return null
      inFlight.set(address, count + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (inFlight.get(address) ?? 1) - 1
        if (left === 0) inFlight.delete(address)
        else inFlight.set(address, left)
      }
    },
  }
}
