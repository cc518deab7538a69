import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import type { AccessRecord } from '../access-log.ts'
import { createRecentActivity } from './recent-activity.ts'

const record = (fields: Partial<AccessRecord>): AccessRecord => ({ requestId: 'r', method: 'POST', path: '/v1/chat/completions', status: 200, startedAt: 0, client: '127.0.0.1', operation: 'generate', ...fields })

describe('recent activity', () => {
  it('counts generation requests per client in the window and forgets older ones', () => {
    let time = 1_000_000
    const activity = createRecentActivity({ windowMs: 60_000, now: () => time })
    activity.requestFinished(record({}))
    activity.requestFinished(record({ keyName: 'team' }))
    activity.requestFinished(record({ keyName: 'team' }))
    activity.requestFinished(record({ operation: 'list-models' }))
    activity.requestFinished(record({ status: 429, error: new ProxyError('rate_limited', 'wait') }))
    expect(activity.usage()).toEqual({ admitted: 3, refused: 1, clients: [{ client: 'key:team', requests: 2 }, { client: '127.0.0.1', requests: 1 }] })
    time += 60_001
    expect(activity.usage()).toEqual({ admitted: 0, refused: 0, clients: [] })
  })

  it('counts a steady client over a sliding window to within one bucket (1/60 of the window)', () => {
    let time = 5_000_000
    const activity = createRecentActivity({ windowMs: 60_000, now: () => time })
    for (let second = 0; second < 180; second++, time += 1000) for (let request = 0; request < 10; request++) activity.requestFinished(record({ keyName: 'busy' }))
    const admitted = activity.usage().admitted
    expect(admitted).toBeGreaterThanOrEqual(590)
    expect(admitted).toBeLessThanOrEqual(600)
  })

  it('keeps the newest errors first, bounded, and counts them by kind', () => {
    const activity = createRecentActivity({ windowMs: 60_000, errorCapacity: 2 })
    activity.requestFinished(record({ status: 503, error: new ProxyError('upstream_unavailable', 'down') }))
    activity.requestFinished(record({ status: 503, error: new ProxyError('upstream_unavailable', 'still down') }))
    activity.requestFinished(record({ status: 400, error: new ProxyError('invalid_request', 'bad field') }))
    activity.requestFinished(record({ status: 499, error: new ProxyError('client_closed', 'left') }))
    expect(activity.recentErrors().map((error) => error.message)).toEqual(['bad field', 'still down'])
    expect(activity.errorCounts()).toEqual([{ kind: 'upstream_unavailable', count: 2 }, { kind: 'invalid_request', count: 1 }])
  })
})
