import { afterAll, describe, expect, it } from 'bun:test'
import { checkHealth, healthUrl } from './check-health.ts'

const healthy = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => Response.json({ status: 'ok', client_ready: false }) })
const stopping = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => Response.json({ status: 'shutting_down' }, { status: 503 }) })

afterAll(async () => {
  await healthy.stop(true)
  await stopping.stop(true)
})

describe('checkHealth', () => {
  it('asks a wildcard address on loopback', () => {
    expect(healthUrl({ host: '0.0.0.0', port: 8100 })).toBe('http://127.0.0.1:8100/health')
    expect(healthUrl({ host: '::', port: 8100 })).toBe('http://[::1]:8100/health')
  })

  it('exits 0 for a live server (ready or not) and 1 otherwise', async () => {
    expect((await checkHealth({ host: '127.0.0.1', port: healthy.port! })).code).toBe(0)
    expect((await checkHealth({ host: '127.0.0.1', port: stopping.port! })).code).toBe(1)
    const down = await checkHealth({ host: '127.0.0.1', port: 1 }, 2000)
    expect(down.code).toBe(1)
    expect(down.message).toContain('127.0.0.1:1/health')
  })
})
