/**
 * A small JSON-lines logger. Every field passes through the redactor so that a cookie, token or key
 * that slips into a log call is masked before it reaches stdout.
 */

import { redactSecrets } from './redact.ts'

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  child(fields: LogFields): Logger
}

export type LogSink = (line: string) => void

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export function createLogger(options: { level: LogLevel; sink?: LogSink; fields?: LogFields }): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(line + '\n'))
  const base = options.fields ?? {}
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (rank[level] < rank[options.level]) return
    const record = { time: new Date().toISOString(), level, message, ...base, ...fields }
    sink(redactSecrets(JSON.stringify(record, serializeValue)))
  }
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger({ level: options.level, sink, fields: { ...base, ...fields } }),
  }
}

/** Errors become {name, message, kind}; binary data is summarised by size. */
function serializeValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const kind = (value as { kind?: unknown }).kind
    return { name: value.name, message: value.message, ...(kind ? { kind } : {}) }
  }
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`
  return value
}

export const silentLogger: Logger = createLogger({ level: 'silent' })
