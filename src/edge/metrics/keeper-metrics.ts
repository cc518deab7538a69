/**
 * Metrics of the browser keepers (src/backends/gemini-web/browser-keeper/): whether each runs,
 * how often its browser was restarted, and what the browser costs in memory and CPU, read from
 * the accounts' status when Prometheus scrapes. Accounts without a keeper have no series.
 */

import { Counter, Gauge, type Registry } from 'prom-client'
import type { BackendPlugin, KeeperStatus } from '../../backends/types.ts'

type Keepers = () => Array<{ backend: string; account: string; keeper: KeeperStatus }>

function listKeepers(backends: () => ReadonlyMap<string, BackendPlugin>): ReturnType<Keepers> {
  const found: ReturnType<Keepers> = []
  for (const backend of backends().values()) {
    for (const account of backend.status().accounts) if (account.keeper) found.push({ backend: backend.id, account: account.id, keeper: account.keeper })
  }
  return found
}

export function registerKeeperMetrics(registers: Registry[], prefix: string, backends: () => ReadonlyMap<string, BackendPlugin>): void {
  const keepers = () => listKeepers(backends)
  const labelNames = ['backend', 'account'] as const
  const gauge = (name: string, help: string, read: (keeper: KeeperStatus) => number | null) =>
    new Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames,
      registers,
      collect() {
        this.reset()
        for (const { backend, account, keeper } of keepers()) {
          const value = read(keeper)
          if (value !== null) this.set({ backend, account }, value)
        }
      },
    })
  gauge('keeper_up', 'Whether the browser keeper of an account has its browser running (1) or not (0).', (keeper) => (keeper.state === 'running' ? 1 : 0))
  gauge('keeper_memory_bytes', "Resident memory of a keeper's browser with its helper processes.", (keeper) => keeper.memoryBytes)
  // Counters whose value the keeper holds: set on scrape, as prom-client allows with collect().
  new Counter({
    name: `${prefix}keeper_cpu_seconds_total`,
    help: "CPU time used by a keeper's browser (all its processes) since it last started.",
    labelNames,
    registers,
    collect() {
      this.reset()
      for (const { backend, account, keeper } of keepers()) if (keeper.cpuSeconds !== null) this.inc({ backend, account }, keeper.cpuSeconds)
    },
  })
  new Counter({
    name: `${prefix}keeper_restarts_total`,
    help: "Times a keeper's browser died or failed to start and was started again.",
    labelNames,
    registers,
    collect() {
      this.reset()
      for (const { backend, account, keeper } of keepers()) this.inc({ backend, account }, keeper.restarts)
    },
  })
}
