/**
 * Memory and CPU of a browser with all its helper processes (renderers, GPU, network service),
 * read from /proc, for the status page and metrics. Chromium's processes are children and
 * grandchildren of the one the keeper started, so the whole tree is summed. Memory is the
 * proportional set size (shared pages divided among the processes that share them): summed RSS
 * would count Chromium's shared libraries and memory once per process, several times over.
 * Null off Linux.
 */

import { readdirSync, readFileSync } from 'node:fs'

export type ProcessUsage = { memoryBytes: number; cpuSeconds: number; processes: number }

/** Linux reports CPU time in clock ticks; 100 per second on every common kernel configuration. */
const ticksPerSecond = 100
const pageBytes = 4096

type ProcessEntry = { pid: number; parent: number; cpuTicks: number; residentPages: number }

/** Proportional set size in bytes, or null where smaps_rollup cannot be read (old kernels, other users). */
function readProportionalBytes(pid: number): number | null {
  try {
    const kilobytes = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1]
    return kilobytes === undefined ? null : Number(kilobytes) * 1024
  } catch {
    return null
  }
}

function readEntry(pid: number): ProcessEntry | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { pid, parent: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), residentPages: Number(fields[21]) }
  } catch {
    return null
  }
}

export function readProcessTreeUsage(rootPid: number): ProcessUsage | null {
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return null
  }
  const entries = names.filter((name) => /^\d+$/.test(name)).map((name) => readEntry(Number(name))).filter((entry): entry is ProcessEntry => entry !== null)
  const children = new Map<number, ProcessEntry[]>()
  for (const entry of entries) children.set(entry.parent, [...(children.get(entry.parent) ?? []), entry])
  const root = entries.find((entry) => entry.pid === rootPid)
  if (!root) return null
  const usage: ProcessUsage = { memoryBytes: 0, cpuSeconds: 0, processes: 0 }
  const pending = [root]
  // A process tree has no cycles, but a bound keeps a racing /proc read from looping.
  for (let visited = 0; pending.length > 0 && visited < 10_000; visited++) {
    const entry = pending.pop()!
    usage.memoryBytes += readProportionalBytes(entry.pid) ?? entry.residentPages * pageBytes
    usage.cpuSeconds += entry.cpuTicks / ticksPerSecond
    usage.processes += 1
    pending.push(...(children.get(entry.pid) ?? []))
  }
  return usage
}
