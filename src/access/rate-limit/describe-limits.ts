/**
 * The configured limits in one English phrase, for people: the demo banner, the startup summary
 * and the status page say the same words.
 */

import type { Config } from '../../config/schema.ts'

export function describeLimits(settings: Config['rateLimit']): string {
  if (!settings.enabled || (settings.requestsPerHour <= 0 && settings.modelIntervalSeconds <= 0)) return 'off'
  const window = settings.windowSeconds === 3600 ? 'hour' : `${settings.windowSeconds} s`
  const parts = [
    settings.requestsPerHour > 0 ? `${settings.requestsPerHour} requests per client per ${window}` : 'no request limit',
    settings.modelIntervalSeconds > 0
      ? `${settings.modelIntervalSeconds} s between two calls of one model (${settings.modelScope === 'global' ? 'shared by all clients' : 'per client'})`
      : 'no interval between calls of one model',
  ]
  return parts.join(', ')
}
