/**
 * Frees an account's browser profile before a launch. Chromium locks its profile with
 * `Singleton*` links naming the host and pid; a gateway killed hard leaves its Chromium running
 * (and holding the lock), and a new container has a new hostname, so Chromium would refuse the
 * profile for ever. The keeper records the pid of the browser it starts: that one, if still
 * alive, is ended; a lock no live process holds is removed; a browser the keeper did not start
 * (an operator's `accounts login`, which records nothing) is left alone and the launch is refused
 * with its pid.
 */

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const pidFileName = 'keeper-browser.pid'
const lockNames = ['SingletonLock', 'SingletonSocket', 'SingletonCookie']

/** Pids of live processes started with this profile (Linux /proc; none elsewhere). */
function findProfileUsers(profileDirectory: string): number[] {
  const marker = `--user-data-dir=${profileDirectory}\0`
  const users: number[] = []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return users
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (`${readFileSync(`/proc/${entry}/cmdline`, 'utf8')}`.includes(marker)) users.push(Number(entry))
    } catch {
      // The process ended while the list was read.
    }
  }
  return users
}

/** The pid of the browser the keeper last started on this profile, if it recorded one. */
export function readRecordedPid(profileDirectory: string): number | null {
  try {
    const pid = Number(readFileSync(join(profileDirectory, pidFileName), 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/**
 * `endRecorded`: the keeper ends the browser it recorded (left behind by a gateway killed hard);
 * an interactive sign-in (`accounts login`) ends nothing and refuses a profile in use.
 */
export async function releaseProfile(profileDirectory: string, options: { endRecorded: boolean; waitMs?: number }): Promise<void> {
  const waitMs = options.waitMs ?? 3000
  const recorded = readRecordedPid(profileDirectory)
  let users = findProfileUsers(profileDirectory)
  // Chromium's helpers (zygote, renderers) carry the flag too; they belong to the recorded browser.
  const ours = recorded !== null && users.includes(recorded)
  if (users.length > 0 && (!ours || !options.endRecorded)) {
    throw new Error(`the profile ${profileDirectory} is open in another browser (pid ${ours ? recorded : users[0]}), most likely the running server's keeper or a sign-in in progress: stop it first`)
  }
  if (ours) {
    for (const pid of users) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const deadline = Date.now() + waitMs
    while (users.length > 0 && Date.now() < deadline) {
      await Bun.sleep(50)
      users = findProfileUsers(profileDirectory)
    }
    if (users.length > 0) throw new Error(`the keeper's earlier browser (pid ${recorded}) did not end`)
  }
  for (const name of lockNames) rmSync(join(profileDirectory, name), { force: true })
}

export function recordBrowserPid(profileDirectory: string, pid: number): void {
  writeFileSync(join(profileDirectory, pidFileName), `${pid}\n`, { mode: 0o600 })
}
