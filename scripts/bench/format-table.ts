/**
 * Pure formatting of the results: a markdown table where each measured value is shown with its
 * ratio against the baseline system (B, the bare Bun proxy), and number rendering that keeps
 * small latencies readable. Kept apart from the runner so it can be unit-tested.
 */

export type Cell = number | string | null

export type MetricRow = {
  label: string
  unit: string
  /** Values by system key ('A' … 'E'); a string is shown as is (e.g. "skipped (no redis-server)"). */
  values: Record<string, Cell>
  /** Show "×ratio" against the baseline (false for counts such as frames lost). */
  ratio?: boolean
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  const magnitude = Math.abs(value)
  if (magnitude === 0) return '0'
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US')
  if (magnitude >= 100) return value.toFixed(0)
  if (magnitude >= 10) return value.toFixed(1)
  if (magnitude >= 1) return value.toFixed(2)
  return value.toFixed(3)
}

export function formatRatio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0 || value < 0) return ''
  return ` (×${(value / baseline).toFixed(2)})`
}

export function formatCell(cell: Cell | undefined, baseline: Cell | undefined, withRatio: boolean): string {
  if (cell === null || cell === undefined) return '—'
  if (typeof cell === 'string') return cell
  const ratio = withRatio && typeof baseline === 'number' ? formatRatio(cell, baseline) : ''
  return `${formatNumber(cell)}${ratio}`
}

/** A markdown table: one row per metric, one column per system, ratios against `baselineKey`. */
export function formatRatioTable(rows: readonly MetricRow[], systems: ReadonlyArray<{ key: string; title: string }>, baselineKey: string): string {
  const header = `| metric | ${systems.map((system) => system.title).join(' | ')} |`
  const rule = `|---|${systems.map(() => '---:').join('|')}|`
  const lines = rows.map((row) => {
    const baseline = row.values[baselineKey]
    const cells = systems.map((system) => formatCell(row.values[system.key], baseline, row.ratio !== false && system.key !== baselineKey))
    return `| ${row.label} (${row.unit}) | ${cells.join(' | ')} |`
  })
  return [header, rule, ...lines].join('\n')
}

/** "measured vs target" lines; the verdict is reported, never asserted. */
export function formatTarget(label: string, measured: number | null, limit: number, unit: string): string {
  if (measured === null || !Number.isFinite(measured)) return `- ${label}: not measured (target ≤ ${formatNumber(limit)} ${unit})`
  const verdict = measured <= limit ? 'met' : 'MISSED'
  return `- ${label}: ${formatNumber(measured)} ${unit} (target ≤ ${formatNumber(limit)} ${unit}) — ${verdict}`
}
