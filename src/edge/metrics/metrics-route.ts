/**
 * GET /metrics in the Prometheus text format, behind the admin guard: with ADMIN_KEY set,
 * Prometheus sends it as a bearer token (`authorization: { credentials: … }` in its scrape
 * config); without one, only loopback callers that came through no proxy get an answer.
 */

import type { AdminGuard } from '../../access/index.ts'
import { answerPlainError } from '../answer-plain-error.ts'
import type { PlainRoute } from '../plain-route.ts'
import type { GatewayMetrics } from './gateway-metrics.ts'

export function createMetricsRoute(metrics: Pick<GatewayMetrics, 'registry'>, guard: AdminGuard): PlainRoute {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(request, client) {
      try {
        guard(request, client.address)
      } catch (error) {
        return answerPlainError(error)
      }
      return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' } })
    },
  }
}
