/**
 * Health and information endpoints (docs/compatibility.md). They need no backend call and are never rate
 * limited: monitors poll them. Account detail shows state and cookie names, never a value.
 */

import type { FormatPlugin } from '../formats/types.ts'
import type { ModelRegistry } from '../models/model-registry.ts'
import type { AccountStatus, BackendPlugin, BackendStatus } from '../backends/types.ts'
import { productName, version } from '../version.ts'
import { jsonResponse } from '../lib/json-response.ts'

export type InfoDependencies = {
  models: ModelRegistry
  backends: ReadonlyMap<string, BackendPlugin>
  formats: readonly FormatPlugin[]
  startedAt: number
  isShuttingDown(): boolean
  /** Extra endpoints other modules serve (images, admin), for /api/info. */
  extraEndpoints: readonly string[]
}

const cookieValidMessage = 'Cookie有效，客户端已就绪'
const cookieInvalidMessage = 'Cookie无效或已过期'

export function collectBackendStatus(backends: ReadonlyMap<string, BackendPlugin>): BackendStatus {
  const statuses = [...backends.values()].map((backend) => backend.status())
  return {
    ready: statuses.some((status) => status.ready),
    demo: statuses.some((status) => status.demo),
    accounts: statuses.flatMap((status) => status.accounts),
  }
}

/**
 * `/health` keeps the guide's shape and answers 200 while the process serves (a liveness check).
 * `/ready` and `/health?ready=1` answer 503 while no account can serve, so a load balancer sends
 * traffic only to instances that can answer it.
 */
export function answerHealth(dependencies: InfoDependencies, request?: Request): Response {
  if (dependencies.isShuttingDown()) return jsonResponse({ status: 'shutting_down', client_ready: false }, 503)
  if (request && new URL(request.url).searchParams.has('ready')) return answerReadiness(dependencies)
  const status = collectBackendStatus(dependencies.backends)
  return jsonResponse({ status: 'ok', client_ready: status.ready, ...(status.demo ? { demo: true } : {}) })
}

export function answerReadiness(dependencies: InfoDependencies): Response {
  if (dependencies.isShuttingDown()) return jsonResponse({ status: 'shutting_down', client_ready: false }, 503, { 'retry-after': '5' })
  const status = collectBackendStatus(dependencies.backends)
  const ready = status.accounts.filter((account) => account.ready).length
  const body = { status: status.ready ? 'ready' : 'not_ready', client_ready: status.ready, ready_accounts: ready, accounts: status.accounts.length, ...(status.demo ? { demo: true } : {}) }
  return status.ready ? jsonResponse(body) : jsonResponse(body, 503, { 'retry-after': '30' })
}

export function answerInfo(dependencies: InfoDependencies): Response {
  const status = collectBackendStatus(dependencies.backends)
  const endpoints = [
    'GET /health',
    'GET /ready',
    'GET /api/info',
    'GET /api/cookies/status',
    'GET /api/models',
    ...dependencies.formats.flatMap((format) => format.routes.map((route) => `${route.method} ${route.path.replace('/*', '/{model}:{method}')}`)),
    ...dependencies.extraEndpoints,
  ]
  return jsonResponse({
    name: productName,
    version,
    description: 'Gemini web app exposed through the Gemini API, OpenAI API and Anthropic Messages formats',
    formats: dependencies.formats.map((format) => format.id),
    endpoints: [...new Set(endpoints)],
    model_count: dependencies.models.list().length,
    uptime_seconds: Math.floor((Date.now() - dependencies.startedAt) / 1000),
    client_ready: status.ready,
    demo: status.demo,
    ...(status.demo ? { notice: 'Demo mode: answers come from the built-in emulator, not from Google.' } : {}),
  })
}

/** One account as /api/cookies/status shows it (snake_case, like the rest of the guide's endpoints). */
function renderAccount(account: AccountStatus) {
  const models = account.models && { tier: account.models.tier, source: account.models.source, discovered_at: account.models.discoveredAt, roles: account.models.roles, ...(account.models.error ? { error: account.models.error } : {}) }
  return {
    id: account.id,
    state: account.state,
    detail: account.detail,
    fix: account.fix,
    signed_in: account.signedIn,
    ready: account.ready,
    cookies: account.cookieNames,
    last_good_at: account.lastGoodAt,
    last_rotation_at: account.lastRotationAt,
    last_rotation_error: account.lastRotationError,
    last_error: account.lastError,
    cooling_down_until: account.coolingDownUntil,
    model_cooldowns: account.modelCooldowns,
    predicted_expiry: account.predictedExpiry,
    ...(account.models !== undefined ? { models } : {}),
  }
}

/**
 * The guide's cookie check. Per-account details (ids, errors, cookie names) go only to whoever
 * passes the admin guard unless `access.accountDetails` is `everyone`; the rest see the summary.
 */
export function answerCookieStatus(dependencies: InfoDependencies, showDetails: boolean): Response {
  const status = collectBackendStatus(dependencies.backends)
  const summary = {
    valid: status.ready,
    message: status.ready ? cookieValidMessage : cookieInvalidMessage,
    ...(status.demo ? { demo: true } : {}),
    ready_accounts: status.accounts.filter((account) => account.ready).length,
    account_count: status.accounts.length,
  }
  if (!showDetails) return jsonResponse({ ...summary, details: 'Per-account details need the admin key (or loopback without one); access.accountDetails: everyone shows them to all' })
  return jsonResponse({ ...summary, accounts: status.accounts.map(renderAccount) })
}

export function answerModelCatalogue(dependencies: InfoDependencies): Response {
  const models = dependencies.models.list().map((model) => ({
    id: model.id,
    display_name: model.displayName,
    description: model.description,
    kind: model.kind,
    resolution: model.resolution,
    speed: model.speed,
    recommended_use: model.recommendedUse,
    capabilities: model.capabilities,
    aliases: model.aliases,
  }))
  return jsonResponse({ count: models.length, models })
}
