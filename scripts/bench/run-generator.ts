/**
 * Runs one load-generator job in a fresh process and returns its result; optional callback for
 * the `allOpen` signal of stream jobs (the memory sample is taken then).
 */

import type { Job, LoadResult, StreamResult } from './load-generator.ts'
import { serverEnvironment } from './spawn-entry.ts'

const generatorPath = new URL('./load-generator.ts', import.meta.url).pathname
/** A job that hangs must not hang the benchmark. */
const jobTimeoutMs = 120_000

export async function runGenerator<T extends LoadResult | StreamResult>(job: Job, onAllOpen?: () => void): Promise<T> {
  const child = Bun.spawn([process.execPath, 'run', generatorPath, JSON.stringify(job)], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...process.env, ...serverEnvironment },
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), jobTimeoutMs)
  const reader = child.stdout.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  let result: T | null = null
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffered += decoder.decode(chunk.value, { stream: true })
      let newline = buffered.indexOf('\n')
      for (; newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        if (line.startsWith('{"allOpen"')) onAllOpen?.()
        else if (line.startsWith('{"result"')) result = (JSON.parse(line) as { result: T }).result
      }
    }
  } finally {
    clearTimeout(timer)
  }
  await child.exited
  if (result === null) throw new Error(`load generator failed (${job.kind}): ${(await new Response(child.stderr).text()).slice(0, 2000)}`)
  return result
}
