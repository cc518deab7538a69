/**
 * Races a promise against an AbortSignal. Racing against one long-lived "aborted" promise
 * instead would attach a reaction to it on every call, and those reactions (with the values they
 * hold, such as each stream chunk) stay alive until the request ends: memory that grows with
 * every frame of a long stream. Here the listener is removed as soon as the race is decided.
 */

export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, reasonOf: (signal: AbortSignal) => unknown = (aborted) => aborted.reason): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(reasonOf(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonOf(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
