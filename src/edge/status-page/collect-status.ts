/**
 * Everything the status page shows, gathered at request time from the running parts (backend
 * status, model registry, config, recent activity) into one plain value. Account details,
 * errors and usage are only gathered for the operator view; a visitor sees whether the gateway
 * can answer, its models and its limits, which /health and /v1/models already tell anyone.
 */

import { describeLimits } from '../../access/rate-limit/describe-limits.ts'
import type { BackendPlugin } from '../../backends/types.ts'
import type { Config } from '../../config/schema.ts'
import type { FormatPlugin } from '../../formats/types.ts'
import type { ModelRegistry } from '../../models/model-registry.ts'
import { productName, version } from '../../version.ts'
import { describeAccount, type AccountView } from '../account-state.ts'
import { collectBackendStatus } from '../info-routes.ts'
import type { RecentActivity, RecentError, Usage } from '../metrics/recent-activity.ts'

export type StatusSources = {
  config: Config
  backends: ReadonlyMap<string, BackendPlugin>
  models: ModelRegistry
  formats: readonly FormatPlugin[]
  activity: RecentActivity
  /** Unix milliseconds the gateway started. */
  startedAt: number
  now?: () => number
}

type ModelRow = {
  id: string
  displayName: string
  kind: 'text' | 'image'
  upstream: string
  /** True/false when an account reports the models it was offered; null when none reports. */
  discovered: boolean | null
}

export type StatusSnapshot = {
  name: string
  version: string
  demo: boolean
  ready: boolean
  readyAccounts: number
  accountCount: number
  uptimeSeconds: number
  formats: string[]
  models: ModelRow[]
  limits: string
  limitStore: string
  apiKeysRequired: boolean
  /** Operator view only. */
  operator: null | {
    accounts: AccountView[]
    usage: Usage
    requestsPerWindow: number
    windowSeconds: number
    errorCounts: Array<{ kind: string; count: number }>
    recentErrors: RecentError[]
  }
}

/** Upstream model names an account reports it was offered (any array field named like "…models"). */
function readDiscoveredNames(accounts: ReadonlyArray<Record<string, unknown>>): Set<string> | null {
  let found: Set<string> | null = null
  for (const account of accounts) {
    for (const [field, value] of Object.entries(account)) {
      if (!/models$/i.test(field) || !Array.isArray(value)) continue
      found ??= new Set()
      for (const item of value) {
        if (typeof item === 'string') found.add(item)
        else if (item && typeof item === 'object') for (const name of Object.values(item)) if (typeof name === 'string') found.add(name)
      }
    }
  }
  return found
}

export function collectStatus(sources: StatusSources, operator: boolean): StatusSnapshot {
  const now = sources.now?.() ?? Date.now()
  const backendStatus = collectBackendStatus(sources.backends)
  const discovered = readDiscoveredNames(backendStatus.accounts as unknown as Array<Record<string, unknown>>)
  const settings = sources.config.rateLimit
  return {
    name: productName,
    version,
    demo: backendStatus.demo,
    ready: backendStatus.ready,
    readyAccounts: backendStatus.accounts.filter((account) => account.ready).length,
    accountCount: backendStatus.accounts.length,
    uptimeSeconds: Math.max(0, Math.floor((now - sources.startedAt) / 1000)),
    formats: sources.formats.map((format) => format.id),
    models: sources.models.list().map((model) => ({
      id: model.id,
      displayName: model.displayName,
      kind: model.kind,
      upstream: `${model.upstream.model ?? 'default'}${model.upstream.imageTool ? ' + image tool' : ''}`,
      discovered: discovered === null ? null : discovered.has(model.upstream.model ?? ''),
    })),
    limits: describeLimits(settings),
    limitStore: !settings.enabled ? 'none' : settings.store === 'redis' ? 'Redis (shared by instances)' : 'memory (this instance)',
    apiKeysRequired: sources.config.access.apiKeys.length > 0,
    operator: operator
      ? {
          accounts: backendStatus.accounts.map(describeAccount),
          usage: sources.activity.usage(),
          requestsPerWindow: settings.enabled ? settings.requestsPerHour : 0,
          windowSeconds: settings.windowSeconds,
          errorCounts: sources.activity.errorCounts(),
          recentErrors: sources.activity.recentErrors().slice(0, 15),
        }
      : null,
  }
}
