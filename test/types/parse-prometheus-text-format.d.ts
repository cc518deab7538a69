/** Types for parse-prometheus-text-format (the package ships none): the shapes its README documents. */
declare module 'parse-prometheus-text-format' {
  export type PrometheusSample =
    | { labels?: Record<string, string>; value: string }
    | { labels?: Record<string, string>; buckets: Record<string, string>; count: string; sum: string }
  export type PrometheusFamily = { name: string; help: string; type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED'; metrics: PrometheusSample[] }
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[]
}
