/**
 * A raw TCP client for tests that need what fetch cannot send: unfinished bodies, wrong
 * Content-Length, slow writers. Every wait is bounded.
 */

import { connect, type Socket } from 'node:net'

export type RawConnection = {
  socket: Socket
  /** Everything received so far. */
  received(): string
  /** Resolves with what was received once the first response's head and body have come, or the socket closed, or `timeoutMs` passed. */
  waitForResponse(timeoutMs: number): Promise<string>
  /** Resolves true when the server closes the connection within `timeoutMs`. */
  waitForClose(timeoutMs: number): Promise<boolean>
  close(): void
}

export async function openRawConnection(port: number, head: string): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1')
  let data = ''
  let closed = false
  socket.on('data', (chunk) => (data += chunk.toString('latin1')))
  socket.on('error', () => undefined)
  socket.on('close', () => (closed = true))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.write(head)
  const poll = async (done: () => boolean, timeoutMs: number) => {
    const until = Date.now() + timeoutMs
    while (!done() && Date.now() < until) await Bun.sleep(10)
    return done()
  }
  const hasWholeResponse = () => {
    const end = data.indexOf('\r\n\r\n')
    if (end < 0) return false
    const length = Number(/content-length:\s*(\d+)/i.exec(data.slice(0, end))?.[1] ?? 0)
    return data.length - end - 4 >= length
  }
  return {
    socket,
    received: () => data,
    async waitForResponse(timeoutMs) {
      await poll(() => closed || hasWholeResponse(), timeoutMs)
      return data
    },
    waitForClose: (timeoutMs) => poll(() => closed, timeoutMs),
    close: () => socket.destroy(),
  }
}
