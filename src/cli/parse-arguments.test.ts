import { describe, expect, it } from 'bun:test'
import { parseArguments, UsageError } from './parse-arguments.ts'

describe('parseArguments', () => {
  it('reads flags into a partial config', () => {
    expect(parseArguments(['--port', '9000', '--host=0.0.0.0', '--data-dir', '/d', '--log-level', 'debug', '--config', 'c.yaml', '--demo'])).toEqual({
      help: false, version: false, demo: true, healthcheck: false, configPath: 'c.yaml',
      flags: { dataDir: '/d', logging: { level: 'debug' }, server: { port: 9000, host: '0.0.0.0' }, demo: true },
    })
  })

  it('knows --help and --version', () => {
    expect(parseArguments(['--help']).help).toBe(true)
    expect(parseArguments(['--version']).version).toBe(true)
  })

  it('sets rate limits without a config file', () => {
    expect(parseArguments(['--rate-limit-requests-per-hour', '500', '--rate-limit-model-interval-seconds=0.5']).flags).toEqual({ rateLimit: { requestsPerHour: 500, modelIntervalSeconds: 0.5 } })
    expect(parseArguments(['--no-rate-limit']).flags).toEqual({ rateLimit: { enabled: false } })
    expect(parseArguments(['--healthcheck']).healthcheck).toBe(true)
  })

  it.each([[['--rate-limit-requests-per-hour', '1.5']], [['--rate-limit-model-interval-seconds', '-1']], [['--port', 'x']], [['--port']], [['--nope']], [['--config', '--demo']]])('refuses %p clearly', (argv) => {
    expect(() => parseArguments(argv)).toThrow(UsageError)
  })
})
