/**
 * Issue reproducers over real sockets: bodies that never finish (a Content-Length longer than the
 * body, a chunked body without its terminator) are cut with 408 after server.bodyTimeoutSeconds
 * instead of holding the connection for minutes; one client cannot hold more than
 * server.maxRequestsPerClient requests at once; a body far over the cap (60 MB declared) gets 413
 * in the caller's envelope, not a bare answer from the HTTP server.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { silentLogger } from '../../src/lib/logger.ts'
import { startServer, type RunningServer } from '../../src/edge/start-server.ts'
import { createTestApp } from '../helpers/create-test-app.ts'
import { openRawConnection, type RawConnection } from '../helpers/raw-socket.ts'

let server: RunningServer
const open: RawConnection[] = []

beforeAll(() => {
  const { app, config } = createTestApp({ config: { server: { port: 0, bodyTimeoutSeconds: 1, maxRequestsPerClient: 2 }, rateLimit: { enabled: false } } })
  server = startServer({ app, config, logger: silentLogger })
})

afterAll(async () => {
  for (const connection of open) connection.close()
  await server.shutdown('test over')
})

async function connectWith(head: string): Promise<RawConnection> {
  const connection = await openRawConnection(server.port, head)
  open.push(connection)
  return connection
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1])
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { error: { message: string; type?: string; status?: string } }

describe('slow and oversize bodies', () => {
  it('cuts a body shorter than its Content-Length with 408 in the format envelope', async () => {
    const connection = await connectWith('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model":')
    const response = await connection.waitForResponse(10_000)
    expect(statusOf(response)).toBe(408)
    expect(bodyOf(response).error).toMatchObject({ message: 'The request body did not arrive within 1 s', type: 'invalid_request_error' })
    expect(await connection.waitForClose(5_000)).toBe(true)
  })

  it('cuts a chunked body without its terminator with 408', async () => {
    const connection = await connectWith('POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"con\r\n')
    const response = await connection.waitForResponse(10_000)
    expect(statusOf(response)).toBe(408)
    expect(bodyOf(response).error.status).toBe('INVALID_ARGUMENT')
  })

  it('answers a 60 MB body with 413 in the envelope without reading it', async () => {
    const connection = await connectWith(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${60 * 1024 * 1024}\r\n\r\n{"model":"x"`)
    const response = await connection.waitForResponse(10_000)
    expect(statusOf(response)).toBe(413)
    expect(bodyOf(response).error.message).toBe(`The request body is ${60 * 1024 * 1024} bytes; the limit is ${25 * 1024 * 1024} bytes`)
    expect(await connection.waitForClose(5_000)).toBe(true)
  })
})

describe('requests in flight per client', () => {
  it('refuses a third unfinished request from the same address with 429 and Retry-After', async () => {
    const unfinished = 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{'
    const first = await connectWith(unfinished)
    const second = await connectWith(unfinished)
    await Bun.sleep(100)
    const third = await connectWith('GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    const refused = await third.waitForResponse(5_000)
    expect(statusOf(refused)).toBe(429)
    expect(refused).toMatch(/\r\nretry-after: 1\r\n/i)
    expect(bodyOf(refused).error.message).toBe('This client has 2 requests in flight already (server.maxRequestsPerClient); wait for one to finish')
    // Once the slow ones are cut, the client is served again.
    await first.waitForResponse(10_000)
    await second.waitForResponse(10_000)
    const later = await connectWith('GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    expect(statusOf(await later.waitForResponse(5_000))).toBe(200)
  })
})
