/**
 * Writes state files so a crash never leaves half a file: to `<file>.<pid>.tmp`, mode 0600, then
 * renamed over the file. A process killed between the two steps leaves its temporary file
 * behind; `removeStaleTemporaryFiles` deletes those of processes that are gone (they hold cookie
 * values, so they must not pile up under DATA_DIR).
 */

import { chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, content, { mode: 0o600 })
  // writeFile's mode applies only to a new file; a leftover of the same pid keeps its own.
  await chmod(temporary, 0o600)
  await rename(temporary, file)
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM'
  }
}

/** Deletes `<file>.<pid>.tmp` left by processes that no longer run; returns how many went. */
export async function removeStaleTemporaryFiles(file: string): Promise<number> {
  const prefix = `${basename(file)}.`
  let names: string[]
  try {
    names = await readdir(dirname(file))
  } catch {
    return 0
  }
  let removed = 0
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const pid = /^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1]
    if (pid === undefined || isProcessAlive(Number(pid))) continue
    await rm(join(dirname(file), name), { force: true })
    removed += 1
  }
  return removed
}
