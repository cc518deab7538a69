/**
 * Reads a Prometheus text exposition (format 0.0.4) for tests, two ways. The families (name,
 * HELP, TYPE, counter and gauge samples with labels) come from parse-prometheus-text-format, an
 * independent parser. That package is lenient (it accepts `foo{a="1"} abc`) and folds labelled
 * histograms into one unlabelled sample, so every sample line is also checked against the
 * format's grammar here and kept with its own labels: histogram series are read from those.
 */

import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format'

export type Sample = { name: string; labels: Record<string, string>; value: number }

const metricName = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const labelPair = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"'
const number = '[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN)'
const sampleLine = new RegExp(`^(${metricName})(?:\\{((?:${labelPair})(?:,${labelPair})*)?\\})? (${number})(?: -?[0-9]+)?$`)
const commentLine = new RegExp(`^# (?:HELP ${metricName} .*|TYPE ${metricName} (?:counter|gauge|histogram|summary|untyped))$`)

function readLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const match of (text ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_escape, character: string) => (character === 'n' ? '\n' : character))
  }
  return labels
}

export function readPrometheusText(text: string): { families: Map<string, PrometheusFamily>; samples: Sample[] } {
  const samples: Sample[] = []
  text.split('\n').forEach((line, index) => {
    if (line === '' || commentLine.test(line)) return
    const match = sampleLine.exec(line)
    if (!match) throw new Error(`line ${index + 1} is not Prometheus text format: ${line}`)
    samples.push({ name: match[1]!, labels: readLabels(match[2]), value: Number(match[3]!.replace('Inf', 'Infinity')) })
  })
  const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]))
  return { families, samples }
}

/** The one sample of `name` whose labels include all of `labels`; undefined when none. */
export function findSample(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value))?.value
}
