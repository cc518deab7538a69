import { describe, expect, it } from 'bun:test'
import { buildConfig } from '../../config/load-config.ts'
import { describeLimits } from './describe-limits.ts'

describe('describeLimits', () => {
  it('says the defaults, the demo relaxation and off', () => {
    expect(describeLimits(buildConfig({ env: {} }).rateLimit)).toBe('60 requests per client per hour, 5 s between two calls of one model (per client)')
    expect(describeLimits(buildConfig({ env: {}, flags: { demo: true } }).rateLimit)).toBe('1000 requests per client per hour, no interval between calls of one model')
    expect(describeLimits(buildConfig({ env: { RATE_LIMIT_ENABLED: 'false' } }).rateLimit)).toBe('off')
  })
})
