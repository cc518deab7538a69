import { describe, expect, it } from 'bun:test'
import { findSample, readPrometheusText } from './read-prometheus-text.ts'

describe('readPrometheusText', () => {
  it('reads labelled histogram series one by one', () => {
    const { samples, families } = readPrometheusText('# HELP h x\n# TYPE h histogram\nh_bucket{a="1",le="+Inf"} 2\nh_count{a="1"} 2\nh_count{a="2"} 5\n')
    expect(findSample(samples, 'h_count', { a: '2' })).toBe(5)
    expect(families.get('h')?.type).toBe('HISTOGRAM')
  })

  it.each(['foo{a="1"} abc\n', 'foo{bar} 1\n', 'foo{a="1"}\n', '# TYPE foo countr\n'])('refuses what the grammar does not allow: %p', (text) => {
    expect(() => readPrometheusText(text)).toThrow('is not Prometheus text format')
  })
})
