/**
 * Issue reproducers over a real socket: a request without a Host, or with an empty or invalid
 * one, got a plain-text 500 and a stack trace in the log; a Host of three characters or fewer
 * shifted the path Elysia routed on (`Host: x` + `GET /xx/api/admin/upstream-models` ran the
 * admin route while the log said `/xx/api/…`). Now: 400 in an envelope with one log line, and
 * routing and logging on the real path.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { createAdminGuard } from '../../src/access/index.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { createAdminRoutes } from '../../src/edge/admin-routes.ts'
import { startServer, type RunningServer } from '../../src/edge/start-server.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createTestApp } from '../helpers/create-test-app.ts'
import { openRawConnection } from '../helpers/raw-socket.ts'

let server: RunningServer
const logLines: string[] = []
let upstreamModelCalls = 0

beforeAll(() => {
  const config = buildConfig({ file: { server: { port: 0 } }, env: {} })
  const backend = {
    id: 'gemini-web',
    stream: async function* () {},
    status: () => ({ ready: true, demo: false, accounts: [] }),
    listUpstreamModels: async () => {
      upstreamModelCalls += 1
      return {}
    },
    replaceCookies: async () => ({}),
  }
  const { app } = createTestApp({ backend: backend as never, config: { server: { port: 0 } }, dependencies: { plainRoutes: createAdminRoutes(backend as never, createAdminGuard(config)), logger: createLogger({ level: 'info', sink: (line) => logLines.push(line) }) } })
  server = startServer({ app, config, logger: createLogger({ level: 'silent' }) })
})

afterAll(async () => {
  await server.shutdown('test over')
})

async function send(raw: string): Promise<{ status: number; body: string }> {
  const connection = await openRawConnection(server.port, raw)
  const response = await connection.waitForResponse(5_000)
  connection.close()
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1]), body: response.slice(response.indexOf('\r\n\r\n') + 4) }
}

describe('the request target', () => {
  it.each([
    ['no Host (HTTP/1.0)', 'GET /health HTTP/1.0\r\n\r\n'],
    ['an empty Host', 'GET /v1/models HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n'],
    ['an invalid Host', 'GET /v1/models HTTP/1.1\r\nHost: [zz\r\nConnection: close\r\n\r\n'],
  ])('%s gets 400 in an envelope and one log line, never a 500', async (_label, raw) => {
    const before = logLines.length
    const { status, body } = await send(raw)
    expect(status).toBe(400)
    expect((JSON.parse(body) as { error: { message: string } }).error.message).toBe('The request has no valid Host header')
    const written = logLines.slice(before)
    expect(written).toHaveLength(1)
    expect(written[0]).not.toContain('    at ')
  })

  it('routes and logs on the real path whatever the Host length', async () => {
    const before = logLines.length
    const { status } = await send('GET /xx/api/admin/upstream-models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(status).toBe(404)
    expect(upstreamModelCalls).toBe(0)
    expect(logLines.slice(before).join('\n')).toContain('"path":"/xx/api/admin/upstream-models"')
    const real = await send('GET /api/admin/upstream-models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    // A one-letter Host is no name of this server: the operator route refuses it (DNS rebinding).
    expect(real.status).toBe(403)
    expect((await send('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(200)
  })
})
