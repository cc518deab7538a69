/**
 * Reads a process's own counters from /proc: CPU time (utime + stime, in clock ticks of 1/100 s
 * on Linux) and resident memory (VmRSS). Reading another process's counters keeps the load
 * generator's own work out of the system under test's numbers.
 */

import { readFileSync } from 'node:fs'

/** Linux's USER_HZ; /proc reports CPU times in these ticks. */
export const clockTicksPerSecond = 100

/** Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name. */
export function parseCpuTicks(statLine: string): number {
  const afterName = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ')
  // afterName[0] is field 3 (state), so utime (14) is index 11 and stime (15) index 12.
  return Number(afterName[11]) + Number(afterName[12])
}

export function readCpuSeconds(pid: number): number {
  return parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicksPerSecond
}

export function parseRssKilobytes(statusText: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText)
  return match ? Number(match[1]) : Number.NaN
}

export function readRssMegabytes(pid: number): number {
  return parseRssKilobytes(readFileSync(`/proc/${pid}/status`, 'utf8')) / 1024
}

export function readMachine(): { cores: number; memoryGigabytes: number; cpuModel: string } {
  const meminfo = readFileSync('/proc/meminfo', 'utf8')
  const totalKilobytes = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? Number.NaN)
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  const cores = cpuinfo.split('\n').filter((line) => line.startsWith('processor')).length
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown'
  return { cores, memoryGigabytes: totalKilobytes / 1024 / 1024, cpuModel }
}
