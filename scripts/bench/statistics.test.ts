import { describe, expect, test } from 'bun:test'
import { formatCell, formatNumber, formatRatioTable, formatTarget } from './format-table.ts'
import { median, percentile, percentileOfSorted, summarize } from './statistics.ts'

describe('percentiles', () => {
  test('nearest rank over 1..100', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile(values, 100)).toBe(100)
    expect(percentile(values, 0)).toBe(1)
  })
  test('small lists pick an observed value, never an interpolation', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 50)).toBe(2)
    expect(percentileOfSorted([1, 2, 3, 4], 99)).toBe(4)
    expect(percentileOfSorted([7], 50)).toBe(7)
    expect(Number.isNaN(percentileOfSorted([], 50))).toBe(true)
  })
  test('summary and median', () => {
    const summary = summarize([5, 1, 3])
    expect(summary).toEqual({ count: 3, p50: 3, p90: 5, p99: 5, max: 5, mean: 3 })
    expect(median([0.4, 0.2, 0.9])).toBe(0.4)
  })
})

describe('ratio table', () => {
  const systems = [
    { key: 'A', title: 'A direct' },
    { key: 'B', title: 'B proxy' },
    { key: 'E', title: 'E redis' },
  ]
  test('values with ratios against the baseline; strings and missing cells shown as such', () => {
    const table = formatRatioTable(
      [
        { label: 'p50', unit: 'ms', values: { A: 0.1, B: 0.2, E: 0.5 } },
        { label: 'lost', unit: 'frames', values: { A: null, B: 0, E: 'skipped (no redis-server)' }, ratio: false },
      ],
      systems,
      'B',
    )
    const lines = table.split('\n')
    expect(lines[0]).toBe('| metric | A direct | B proxy | E redis |')
    expect(lines[1]).toBe('|---|---:|---:|---:|')
    expect(lines[2]).toBe('| p50 (ms) | 0.100 (×0.50) | 0.200 | 0.500 (×2.50) |')
    expect(lines[3]).toBe('| lost (frames) | — | 0 | skipped (no redis-server) |')
  })
  test('number rendering and a zero baseline', () => {
    expect(formatNumber(12345.6)).toBe('12,346')
    expect(formatNumber(3.14159)).toBe('3.14')
    expect(formatNumber(Number.NaN)).toBe('n/a')
    expect(formatCell(5, 0, true)).toBe('5.00')
    expect(formatCell(-0.1, 0.2, true)).toBe('-0.100')
  })
  test('targets are reported as met or missed', () => {
    expect(formatTarget('added p50', 0.3, 0.5, 'ms')).toBe('- added p50: 0.300 ms (target ≤ 0.500 ms) — met')
    expect(formatTarget('added p99', 3, 2, 'ms')).toContain('MISSED')
    expect(formatTarget('x', null, 2, 'ms')).toContain('not measured')
  })
})
