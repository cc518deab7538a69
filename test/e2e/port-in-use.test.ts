/**
 * Two instances on one port: the second must stop with a clear message instead of binding beside
 * the first (SO_REUSEPORT would let the kernel split requests between them).
 */

import { afterAll, expect, it } from 'bun:test'
import { runGatewayToExit, startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts'

let first: GatewayProcess | undefined

afterAll(async () => {
  await first?.stop()
})

it('a second instance on the same port fails with "port N is in use"', async () => {
  first = await startGatewayProcess(['--demo'])
  const second = await runGatewayToExit(['--demo', '--port', String(first.port)])
  expect(second.exitCode).not.toBe(0)
  expect(second.stderr).toContain(`port ${first.port} is in use`)
  // The first instance still answers every request.
  const health = await fetch(`${first.origin}/health`)
  expect(health.status).toBe(200)
})
