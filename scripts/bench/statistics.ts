/**
 * Pure statistics for the benchmark: percentiles by the nearest-rank method (no interpolation,
 * so a reported p99 is a latency some request actually had) and a per-sample summary.
 */

export type Summary = { count: number; p50: number; p90: number; p99: number; max: number; mean: number }

/** Nearest-rank percentile of an ascending-sorted list; NaN for an empty list. */
export function percentileOfSorted(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) return Number.NaN
  if (percent <= 0) return sorted[0]!
  if (percent >= 100) return sorted[sorted.length - 1]!
  const rank = Math.ceil((percent / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function percentile(values: readonly number[], percent: number): number {
  return percentileOfSorted([...values].sort((left, right) => left - right), percent)
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((left, right) => left - right)
  const total = sorted.reduce((sum, value) => sum + value, 0)
  return {
    count: sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
  }
}

/** Median of per-round values: the robust centre the interleaved rounds are designed for. */
export function median(values: readonly number[]): number {
  return percentile(values, 50)
}
