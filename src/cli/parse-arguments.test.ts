import { describe, expect, it } from 'bun:test'
import { parseArguments, UsageError } from './parse-arguments.ts'

describe('parseArguments', () => {
  it('reads flags into a partial config', () => {
    expect(parseArguments(['--port', '9000', '--host=0.0.0.0', '--data-dir', '/d', '--log-level', 'debug', '--config', 'c.yaml', '--demo'])).toEqual({
      help: false, version: false, demo: true, configPath: 'c.yaml',
      flags: { dataDir: '/d', logging: { level: 'debug' }, server: { port: 9000, host: '0.0.0.0' }, demo: true },
    })
  })

  it('knows --help and --version', () => {
    expect(parseArguments(['--help']).help).toBe(true)
    expect(parseArguments(['--version']).version).toBe(true)
  })

  it.each([[['--port', 'x']], [['--port']], [['--nope']], [['--config', '--demo']]])('refuses %p clearly', (argv) => {
    expect(() => parseArguments(argv)).toThrow(UsageError)
  })
})
