import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { recordBrowserPid, releaseProfile } from './profile-lock.ts'

const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})
function createProfile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'profile-lock-'))
  folders.push(folder)
  return folder
}
/** A stand-in for a browser: a process that waits, with the profile flag on its command line. */
async function startHolder(profile: string) {
  // Not a shell: `sh -c 'sleep 30'` may exec sleep and lose the flag from its command line.
  const holder = Bun.spawn([process.execPath, '-e', 'setTimeout(() => {}, 30000)', '--', `--user-data-dir=${profile}`], { stdout: 'ignore', stderr: 'ignore' })
  // Until the child has exec'd, its command line is still this process's.
  for (let attempt = 0; attempt < 100; attempt++) {
    if (readFileSync(`/proc/${holder.pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`)) return holder
    await Bun.sleep(20)
  }
  throw new Error('the stand-in browser did not start')
}
const isLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}

describe('releaseProfile', () => {
  test('removes a lock no live process holds (a container with a new hostname)', async () => {
    const profile = createProfile()
    symlinkSync('old-hostname-4242', join(profile, 'SingletonLock'))
    await releaseProfile(profile, { endRecorded: true })
    expect(isLink(join(profile, 'SingletonLock'))).toBe(false)
  })

  test('ends the browser the keeper recorded and left running (a gateway killed hard)', async () => {
    const profile = createProfile()
    const holder = await startHolder(profile)
    recordBrowserPid(profile, holder.pid)
    symlinkSync(`host-${holder.pid}`, join(profile, 'SingletonLock'))
    await releaseProfile(profile, { endRecorded: true })
    expect(await holder.exited).not.toBe(0)
    expect(existsSync(join(profile, 'SingletonLock'))).toBe(false)
  })

  test('leaves a browser it did not start alone, and an interactive sign-in ends nothing', async () => {
    const profile = createProfile()
    const stranger = await startHolder(profile)
    try {
      await expect(releaseProfile(profile, { endRecorded: true })).rejects.toThrow(`pid ${stranger.pid}`)
      recordBrowserPid(profile, stranger.pid)
      await expect(releaseProfile(profile, { endRecorded: false })).rejects.toThrow('is open in another browser')
      expect(stranger.exitCode).toBeNull()
    } finally {
      stranger.kill('SIGKILL')
      await stranger.exited
    }
  })
})
