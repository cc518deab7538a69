/**
 * Starts a benchmark entry script as its own Bun process and waits for the one JSON line it
 * prints when ready (`{"ready":true,"origin":...}`). Each system under test runs in its own
 * process so its CPU and memory counters are its own.
 */

import type { Subprocess } from 'bun'

export type SpawnedEntry = { pid: number; origin: string; note: string; process: Subprocess<'ignore', 'pipe', 'pipe'>; stop(): Promise<void> }

const bunPath = process.execPath
const readyTimeoutMs = 15_000

export const serverEnvironment = { BUN_CONFIG_MAX_HTTP_REQUESTS: '4096', NODE_ENV: 'production' }

export async function spawnEntry(script: string, args: readonly string[], label: string): Promise<SpawnedEntry> {
  const child = Bun.spawn([bunPath, 'run', script, ...args], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...process.env, ...serverEnvironment },
  })
  const reader = child.stdout.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  const deadline = Date.now() + readyTimeoutMs
  let origin: string | null = null
  let note = ''
  while (origin === null && Date.now() < deadline) {
    const timeout = Bun.sleep(Math.max(1, deadline - Date.now())).then(() => ({ done: true, value: undefined }) as const)
    const chunk = await Promise.race([reader.read(), timeout])
    if (chunk.done) break
    buffered += decoder.decode(chunk.value, { stream: true })
    for (const line of buffered.split('\n').slice(0, -1)) {
      if (line.startsWith('{"ready"')) ({ origin, note = '' } = JSON.parse(line) as { origin: string; note?: string })
    }
    buffered = buffered.slice(buffered.lastIndexOf('\n') + 1)
  }
  if (origin === null) {
    child.kill()
    const errorText = await new Response(child.stderr).text()
    throw new Error(`${label} did not start: ${errorText.slice(0, 2000)}`)
  }
  // Keep draining output so a chatty child never blocks on a full pipe.
  void (async () => {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) process.stderr.write(`[${label}] ${decoder.decode(chunk.value)}`)
  })().catch(() => undefined)
  void new Response(child.stderr).text().then((text) => {
    if (text.trim()) process.stderr.write(`[${label} stderr] ${text.slice(0, 4000)}\n`)
  })
  return {
    pid: child.pid,
    origin,
    note,
    process: child,
    async stop() {
      child.kill('SIGTERM')
      const exited = await Promise.race([child.exited.then(() => true), Bun.sleep(3000).then(() => false)])
      if (!exited) child.kill('SIGKILL')
    },
  }
}

/** A free loopback port, for processes (redis-server) that cannot report an ephemeral one. */
export function findFreePort(): number {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') })
  const port = server.port ?? 0
  void server.stop(true)
  return port
}
