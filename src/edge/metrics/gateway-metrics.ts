/**
 * The gateway's Prometheus metrics, on prom-client (the Node ecosystem's standard client: it
 * writes the text exposition format with correct escaping, histogram buckets and HELP/TYPE, and
 * runs unchanged on Bun). Requests are counted from the edge's access records, upstream calls
 * from the backend observer (src/backends/observe-backend.ts), and state (accounts, image store,
 * open streams) is read when Prometheus scrapes. Label values are bounded: routes are patterns,
 * models are the registry's ids, error kinds and Bard codes are closed sets.
 */

import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { BackendObserver, UpstreamCall } from '../../backends/observe-backend.ts'
import type { BackendPlugin } from '../../backends/types.ts'
import { version } from '../../version.ts'
import type { AccessRecord, RequestObserver } from '../access-log.ts'
import { describeAccount } from '../account-state.ts'
import { registerKeeperMetrics } from './keeper-metrics.ts'

export type MetricsSources = {
  backends: () => ReadonlyMap<string, BackendPlugin>
  /** Bytes held by the generated-image store, when URL delivery is on. */
  imageStoreBytes?: () => number
  /** Unix seconds the process started serving. */
  startedAtSeconds: number
  /** The model's id when the registry knows the name; callers' made-up names become `other`, so the label stays bounded. */
  canonicalModelId: (name: string) => string | undefined
}

export type GatewayMetrics = {
  registry: Registry
  requests: RequestObserver
  upstream: BackendObserver
}

const prefix = 'gemini_reverse_'

/** The Bard code, upstream HTTP status or envelope status an upstream error carried, as a label. */
function upstreamCodeOf(call: Pick<UpstreamCall, 'error'>): string {
  const details = call.error?.details ?? {}
  if (typeof details.upstreamCode === 'number') return String(details.upstreamCode)
  if (typeof details.upstreamHttpStatus === 'number') return `http_${details.upstreamHttpStatus}`
  if (typeof details.upstreamStatus === 'number') return `status_${details.upstreamStatus}`
  return 'none'
}

export function createGatewayMetrics(sources: MetricsSources): GatewayMetrics {
  const registry = new Registry()
  const registers = [registry]

  const requests = new Counter({ name: `${prefix}requests_total`, help: 'Requests answered, by route pattern, format, model and HTTP status (streams count when they close).', labelNames: ['route', 'format', 'model', 'status'], registers })
  const requestErrors = new Counter({ name: `${prefix}request_errors_total`, help: 'Requests that ended in an error, by route pattern, format and error kind (also errors inside a stream that began with 200).', labelNames: ['route', 'format', 'kind'], registers })
  const refusals = new Counter({ name: `${prefix}rate_limit_refusals_total`, help: 'Requests refused by the rate limiter (429), by route pattern.', labelNames: ['route'], registers })
  const openStreams = new Gauge({ name: `${prefix}open_streams`, help: 'Streamed answers currently open.', registers })
  const upstreamDuration = new Histogram({
    name: `${prefix}upstream_request_duration_seconds`,
    help: 'Time of one backend call from start to its last part, by backend, model and outcome (ok, error, cancelled).',
    labelNames: ['backend', 'model', 'outcome'],
    buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 90, 120, 180, 240],
    registers,
  })
  const timeToFirstToken = new Histogram({
    name: `${prefix}upstream_time_to_first_token_seconds`,
    help: 'Time from the start of a backend call to its first text, thought, image or tool-call part, by backend and model.',
    labelNames: ['backend', 'model'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
    registers,
  })
  const upstreamErrors = new Counter({ name: `${prefix}upstream_errors_total`, help: 'Backend calls that failed, by backend, error kind and upstream code (Bard code, http_<status>, status_<n> or none).', labelNames: ['backend', 'kind', 'code'], registers })

  new Gauge({
    name: `${prefix}account_ready`,
    help: 'Whether an account can take a request now (1) or not (0), by backend and account id.',
    labelNames: ['backend', 'account'],
    registers,
    collect() {
      this.reset()
      for (const backend of sources.backends().values()) for (const account of backend.status().accounts) this.set({ backend: backend.id, account: account.id }, account.ready ? 1 : 0)
    },
  })
  new Gauge({
    name: `${prefix}account_state`,
    help: 'Always 1, labelled with the account\'s current state (ready, cooling, checking, signed-out, device-bound).',
    labelNames: ['backend', 'account', 'state'],
    registers,
    collect() {
      this.reset()
      for (const backend of sources.backends().values()) for (const account of backend.status().accounts) this.set({ backend: backend.id, account: account.id, state: describeAccount(account).state }, 1)
    },
  })
  new Gauge({
    name: `${prefix}accounts_configured`,
    help: 'Accounts configured, by backend (0 means nothing can serve).',
    labelNames: ['backend'],
    registers,
    collect() {
      this.reset()
      for (const backend of sources.backends().values()) this.set({ backend: backend.id }, backend.status().accounts.length)
    },
  })
  new Gauge({
    name: `${prefix}image_store_bytes`,
    help: 'Bytes of generated images kept for URL delivery.',
    registers,
    collect() {
      this.set(sources.imageStoreBytes?.() ?? 0)
    },
  })
  registerKeeperMetrics(registers, prefix, sources.backends)
  new Gauge({ name: `${prefix}build_info`, help: 'Always 1, labelled with the running version.', labelNames: ['version'], registers }).set({ version }, 1)
  new Gauge({ name: `${prefix}start_time_seconds`, help: 'Unix time the gateway started.', registers }).set(sources.startedAtSeconds)

  const labelsOf = (record: AccessRecord) => ({ route: record.route ?? 'unmatched', format: record.format ?? 'none' })

  return {
    registry,
    requests: {
      requestFinished(record) {
        const labels = labelsOf(record)
        const model = record.model === undefined ? 'none' : (sources.canonicalModelId(record.model) ?? 'other')
        requests.inc({ ...labels, model, status: String(record.status) })
        if (record.stream) openStreams.dec()
        if (record.error) requestErrors.inc({ ...labels, kind: record.error.kind })
        if (record.error?.kind === 'rate_limited') refusals.inc({ route: labels.route })
      },
      streamOpened() {
        openStreams.inc()
      },
    },
    upstream: {
      upstreamCallFinished(call) {
        upstreamDuration.observe({ backend: call.backend, model: call.model, outcome: call.outcome }, call.durationSeconds)
        if (call.firstPartSeconds !== undefined) timeToFirstToken.observe({ backend: call.backend, model: call.model }, call.firstPartSeconds)
        if (call.error) upstreamErrors.inc({ backend: call.backend, kind: call.error.kind, code: upstreamCodeOf(call) })
      },
    },
  }
}
