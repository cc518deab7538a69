/**
 * Profiles where the gateway's time goes: starts a zero-delay emulator and the gateway (D) under
 * `bun --cpu-prof-md`, sends a bounded number of OpenAI-format requests from the load generator,
 * stops the gateway so Bun writes the profile, and prints its path.
 * `bun run scripts/bench/profile-gateway.ts [requests] [concurrency] [openai|gemini|stream]`
 */

import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LoadResult } from './load-generator.ts'
import { benchApiKey, buildGatewayRequest } from './requests.ts'
import { runGenerator } from './run-generator.ts'
import { serverEnvironment, spawnEntry } from './spawn-entry.ts'

const [countArgument = '4000', concurrencyArgument = '4', kind = 'openai'] = process.argv.slice(2)
const directory = mkdtempSync(join(tmpdir(), 'gateway-profile-'))
const emulator = await spawnEntry(new URL('./emulator-entry.ts', import.meta.url).pathname, kind === 'stream' ? ['20', '64'] : [], 'emulator')
const serverScript = new URL('./server-entry.ts', import.meta.url).pathname
const gateway = Bun.spawn([process.execPath, '--cpu-prof-md', `--cpu-prof-dir=${directory}`, '--cpu-prof-interval=200', 'run', serverScript, 'full', emulator.origin], {
  stdout: 'pipe',
  stderr: 'inherit',
  env: { ...process.env, ...serverEnvironment },
})
const reader = gateway.stdout.getReader()
let text = ''
for (let attempt = 0; attempt < 100 && !text.includes('\n'); attempt++) {
  const chunk = await reader.read()
  if (chunk.done) break
  text += new TextDecoder().decode(chunk.value)
}
const origin = (JSON.parse(text.split('\n')[0] ?? '{}') as { origin: string }).origin
const format = kind === 'gemini' ? 'gemini' : 'openai'
const request = buildGatewayRequest(origin, format, kind === 'stream', benchApiKey)
const result = await runGenerator<LoadResult>({ kind: 'load', request, count: Number(countArgument), concurrency: Number(concurrencyArgument) })
console.log(`${result.latencies.length} requests, ${result.errors} errors, ${((result.latencies.length / result.wallMs) * 1000).toFixed(0)} req/s`)
gateway.kill('SIGTERM')
await gateway.exited
await emulator.stop()
console.log(`profile: ${join(directory, readdirSync(directory)[0] ?? '(none)')}`)
