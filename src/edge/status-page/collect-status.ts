/**
 * Everything the status page shows, gathered at request time from the running parts (backend
 * status, model registry, config, recent activity) into one plain value. Account details,
 * errors and usage are only gathered for the operator view; a visitor sees whether the gateway
 * can answer, its models and its limits, which /health and /v1/models already tell anyone.
 */

import { describeLimits } from '../../access/rate-limit/describe-limits.ts'
import type { AccountStatus, BackendPlugin } from '../../backends/types.ts'
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
/** The roles some account reports it is offered upstream, or null when no account has discovered its models. */
function readDiscoveredRoles(accounts: readonly AccountStatus[]): Set<string> | null {
  let found: Set<string> | null = null
  for (const account of accounts) {
    if (!account.models) continue
    found ??= new Set()
    for (const role of Object.keys(account.models.roles)) found.add(role)
  }
  return found
}

export function collectStatus(sources: StatusSources, operator: boolean): StatusSnapshot {
  const now = sources.now?.() ?? Date.now()
  const backendStatus = collectBackendStatus(sources.backends)
  const discovered = readDiscoveredRoles(backendStatus.accounts)
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
      upstream: `${model.upstream.role ?? 'default'}${model.upstream.thinking ? ' (extended thinking)' : ''}${model.upstream.imageTool ? ' + image tool' : ''}`,
      discovered: discovered === null ? null : model.upstream.role === null || discovered.has(model.upstream.role),
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
