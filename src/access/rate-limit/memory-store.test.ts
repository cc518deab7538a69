import { describe, expect, test } from 'bun:test'
import type { LimitCheck } from './limit-store.ts'
import { createMemoryStore } from './memory-store.ts'

const hour = 3_600_000
const check = (now: number, overrides: Partial<LimitCheck> = {}): LimitCheck => ({
  bucket: 'ip:203.0.113.1',
  modelKey: 'ip:203.0.113.1|gemini-2.5-flash',
  requestsPerWindow: 3,
  windowMs: hour,
  modelIntervalMs: 0,
  now,
  ...overrides,
})

describe('memory store: sliding log', () => {
  test('admits exactly the limit in a window and counts down', () => {
    const store = createMemoryStore({ maxTrackedClients: 100 })
    expect(store.decide(check(0))).toMatchObject({ admitted: true, countInWindow: 1, windowResetMs: hour })
    expect(store.decide(check(1000))).toMatchObject({ admitted: true, countInWindow: 2, windowResetMs: hour - 1000 })
    expect(store.decide(check(2000))).toMatchObject({ admitted: true, countInWindow: 3 })
    const refused = store.decide(check(3000))
    expect(refused).toMatchObject({ admitted: false, countInWindow: 3, windowWaitMs: hour - 3000, modelWaitMs: 0 })
  })

  test('no burst at the window edge: a call frees its slot exactly one window later, not earlier', () => {
    const store = createMemoryStore({ maxTrackedClients: 100 })
    for (const at of [0, 10, 20]) expect(store.decide(check(at)).admitted).toBe(true)
    expect(store.decide(check(hour - 1)).admitted).toBe(false)
    expect(store.decide(check(hour)).admitted).toBe(true)
    // Only the first slot freed; the others free at +10 and +20.
    expect(store.decide(check(hour + 9)).admitted).toBe(false)
    expect(store.decide(check(hour + 10)).admitted).toBe(true)
  })

  test('a refused call is not recorded, so waiting the stated time is enough', () => {
    const store = createMemoryStore({ maxTrackedClients: 100 })
    for (const at of [0, 1, 2]) store.decide(check(at))
    for (let attempt = 0; attempt < 50; attempt++) expect(store.decide(check(100 + attempt)).admitted).toBe(false)
    const refused = store.decide(check(500))
    expect(store.decide(check(500 + refused.windowWaitMs)).admitted).toBe(true)
  })

  test('randomised: no window of one hour ever holds more admissions than the limit', () => {
    const store = createMemoryStore({ maxTrackedClients: 100 })
    const admittedAt: number[] = []
    let now = 0
    let seed = 7
    for (let step = 0; step < 2000; step++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      now += seed % 600_000
      if (store.decide(check(now, { requestsPerWindow: 5 })).admitted) admittedAt.push(now)
    }
    for (let index = 5; index < admittedAt.length; index++) expect(admittedAt[index]! - admittedAt[index - 5]!).toBeGreaterThanOrEqual(hour)
    expect(admittedAt.length).toBeGreaterThan(5)
  })
})

describe('memory store: model spacing', () => {
  test('refuses a second call of the same model inside the interval and reports the wait', () => {
    const store = createMemoryStore({ maxTrackedClients: 100 })
    const spaced = (now: number, modelKey = 'ip:a|gemini-2.5-flash') => store.decide(check(now, { requestsPerWindow: 0, modelIntervalMs: 5000, modelKey }))
    expect(spaced(0).admitted).toBe(true)
    expect(spaced(800)).toMatchObject({ admitted: false, modelWaitMs: 4200 })
    expect(spaced(900, 'ip:a|gemini-2.5-pro').admitted).toBe(true)
    expect(spaced(4999).admitted).toBe(false)
    expect(spaced(5000).admitted).toBe(true)
  })

  test('a call refused by one limit records nothing in the other', () => {
    const store = createMemoryStore({ maxTrackedClients: 100 })
    const both = (now: number) => store.decide(check(now, { requestsPerWindow: 1, modelIntervalMs: 5000 }))
    expect(both(0).admitted).toBe(true)
    expect(both(10_000)).toMatchObject({ admitted: false, modelWaitMs: 0, windowWaitMs: hour - 10_000 })
    // The refused call at 10 s did not reset the model clock: a different bucket is unaffected too.
    expect(store.decide(check(10_000, { bucket: 'ip:other', modelKey: 'ip:other|m', requestsPerWindow: 1, modelIntervalMs: 5000 })).admitted).toBe(true)
  })
})

test('memory stays bounded under many distinct clients', () => {
  const store = createMemoryStore({ maxTrackedClients: 1000 })
  for (let index = 0; index < 5000; index++) {
    const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`
    store.decide(check(index, { bucket: `ip:${address}`, modelKey: `ip:${address}|m`, modelIntervalMs: 5000 }))
  }
  const tracked = store.trackedEntries()
  expect(tracked.windows).toBeLessThanOrEqual(1000)
  expect(tracked.modelCalls).toBeLessThanOrEqual(1000)
  expect(tracked.windows).toBe(1000)
})
