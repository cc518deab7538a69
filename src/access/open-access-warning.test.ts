import { expect, test } from 'bun:test'
import { createLogger } from '../lib/logger.ts'
import { warnAboutOpenAccess } from './open-access-warning.ts'

function run(host: string, apiKeys: unknown[]) {
  const lines: string[] = []
  const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) })
  const warned = warnAboutOpenAccess({ server: { host, port: 8100 }, access: { apiKeys, adminKey: null } } as never, logger)
  return { warned, lines }
}

test('warns when listening beyond loopback without keys', () => {
  const { warned, lines } = run('0.0.0.0', [])
  expect(warned).toBe(true)
  expect(lines).toHaveLength(1)
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', host: '0.0.0.0' })
})

test('stays quiet on loopback or with keys', () => {
  expect(run('127.0.0.1', []).warned).toBe(false)
  expect(run('localhost', []).lines).toEqual([])
  expect(run('::', [{ key: 'sk-something-1' }]).warned).toBe(false)
})
