/**
 * Reads a response body up to a byte cap, stopping (and cancelling the download) as soon as the
 * cap is passed, so a huge or endless remote file costs at most the cap in memory.
 */

export class BodyTooLargeError extends Error {}

export async function readLimitedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new BodyTooLargeError(`larger than ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  return new Uint8Array(Bun.concatArrayBuffers(chunks))
}
