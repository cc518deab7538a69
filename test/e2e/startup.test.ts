/**
 * What a new user sees when starting the gateway: the startup block with the demo account
 * signed in, and the hint when `npm start --demo` left out the `--`.
 */

import { expect, it } from 'bun:test'
import { runGatewayToExit, startGatewayProcess } from '../helpers/gateway-process.ts'

it('prints the startup summary with a positive line for the demo account', async () => {
  const gateway = await startGatewayProcess(['--demo'])
  await gateway.stop()
  const output = gateway.output()
  expect(output).toContain(`  listening  ${gateway.origin}  (status page ${gateway.origin}/)`)
  expect(output).toContain('  account    ✓ demo: ready to answer')
  expect(output).toContain('  limits     1000 requests per client per hour, no interval between calls of one model')
  expect(output).toContain('"message":"started"')
})

it('`npm start --demo` without -- gets a hint instead of a real-mode start', async () => {
  const run = await runGatewayToExit([], { npm_lifecycle_event: 'start', npm_config_demo: 'true' })
  expect(run.exitCode).toBe(2)
  expect(run.stderr).toContain('npm kept --demo for itself')
  expect(run.stderr).toContain('npm start -- --demo')
})
