/**
 * The gateway as a user starts it: `bun run src/main.ts …` in its own process, on a free
 * loopback port (PORT), with a fresh DATA_DIR. Resolves once /health answers, with its origin
 * and everything it wrote so far; `stop()` sends SIGTERM and waits (bounded) for the exit.
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dir, '../..')

export type GatewayProcess = {
  origin: string
  port: number
  /** Standard output and error up to `listening` (and after, as more arrives). */
  output(): string
  stop(): Promise<void>
}

export type FinishedProcess = { exitCode: number; stdout: string; stderr: string }

function spawnMain(args: readonly string[], env: Record<string, string>) {
  return Bun.spawn([process.execPath, 'run', join(root, 'src/main.ts'), ...args], {
    cwd: root,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-process-')), LOG_LEVEL: 'info', ...env },
  })
}

/** Collects a stream into `sink` until it ends. */
async function collect(stream: ReadableStream<Uint8Array>, sink: { text: string }): Promise<void> {
  const decoder = new TextDecoder()
  for await (const chunk of stream) sink.text += decoder.decode(chunk, { stream: true })
}

/** A port free right now on 127.0.0.1 (the OS picks it; the listener is closed again). */
function findFreePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
  const port = probe.port!
  void probe.stop(true)
  return port
}

export async function startGatewayProcess(args: readonly string[] = ['--demo'], env: Record<string, string> = {}): Promise<GatewayProcess> {
  const port = findFreePort()
  const origin = `http://127.0.0.1:${port}`
  const child = spawnMain(args, { PORT: String(port), HOST: '127.0.0.1', ...env })
  const stdout = { text: '' }
  const stderr = { text: '' }
  void collect(child.stdout, stdout)
  void collect(child.stderr, stderr)
  const output = () => stdout.text + stderr.text
  let healthy = false
  for (let attempt = 0; attempt < 400 && !healthy && child.exitCode === null; attempt++) {
    healthy = await fetch(`${origin}/health`).then((response) => response.ok, () => false)
    if (!healthy) await Bun.sleep(50)
  }
  if (!healthy) {
    child.kill('SIGKILL')
    throw new Error(`the gateway did not answer /health; it wrote:\n${output()}`)
  }
  return {
    origin,
    port,
    output,
    async stop() {
      child.kill('SIGTERM')
      const exited = await Promise.race([child.exited, Bun.sleep(10_000).then(() => 'timeout' as const)])
      if (exited === 'timeout') child.kill('SIGKILL')
    },
  }
}

/** Runs the entry until it exits by itself (bounded), for runs expected to stop with an error. */
export async function runGatewayToExit(args: readonly string[], env: Record<string, string> = {}): Promise<FinishedProcess> {
  const child = spawnMain(args, env)
  const stdout = { text: '' }
  const stderr = { text: '' }
  const reading = Promise.all([collect(child.stdout, stdout), collect(child.stderr, stderr)])
  const exited = await Promise.race([child.exited, Bun.sleep(20_000).then(() => 'timeout' as const)])
  if (exited === 'timeout') {
    child.kill('SIGKILL')
    throw new Error(`the gateway did not exit; it wrote:\n${stdout.text}${stderr.text}`)
  }
  await reading
  return { exitCode: exited, stdout: stdout.text, stderr: stderr.text }
}
