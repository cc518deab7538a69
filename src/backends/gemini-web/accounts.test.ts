import { afterAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Account } from './accounts.ts'

const directory = mkdtempSync(join(tmpdir(), 'accounts-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

async function restart(config: ConstructorParameters<typeof Account>[0], dataDir: string): Promise<Account> {
  const account = new Account(config, dataDir)
  await account.load()
  return account
}

describe('Account cookie seeding across restarts', () => {
  it('keeps cookies replaced by the operator while the configured ones are unchanged', async () => {
    const dataDir = join(directory, 'operator')
    const config = { id: 'default', psid: 'configured-old-psid', psidts: 'sidts-old' }
    const first = await restart(config, dataDir)
    first.store.replaceWith({ '__Secure-1PSID': 'operator-new-psid', '__Secure-1PSIDTS': 'sidts-new' })
    await first.persist()
    const second = await restart(config, dataDir)
    expect(second.store.value('__Secure-1PSID')).toBe('operator-new-psid')
  })

  it('lets new configured cookies replace the jar when the config changes', async () => {
    const dataDir = join(directory, 'config-change')
    const first = await restart({ id: 'default', psid: 'psid-one' }, dataDir)
    await first.persist()
    const second = await restart({ id: 'default', psid: 'psid-two' }, dataDir)
    expect(second.store.value('__Secure-1PSID')).toBe('psid-two')
  })

  it('reads a browser cookie export named by cookieFile, with psid/psidts taking precedence', async () => {
    const file = join(directory, 'export.json')
    await Bun.write(file, JSON.stringify([
      { name: '__Secure-1PSID', value: 'from-file', domain: '.google.com' },
      { name: 'NID', value: 'nid-from-file', domain: '.google.com' },
      { name: 'other', value: 'x', domain: '.example.com' },
    ]))
    const fromFile = await restart({ id: 'file', cookieFile: file }, join(directory, 'file'))
    expect(fromFile.store.value('__Secure-1PSID')).toBe('from-file')
    expect(fromFile.store.value('NID')).toBe('nid-from-file')
    expect(fromFile.store.value('other')).toBeUndefined()
    const overridden = await restart({ id: 'file2', cookieFile: file, psid: 'explicit' }, join(directory, 'file2'))
    expect(overridden.store.value('__Secure-1PSID')).toBe('explicit')
  })

  it('fails clearly on a missing cookie file', async () => {
    await expect(restart({ id: 'missing', cookieFile: join(directory, 'nope.json') }, join(directory, 'missing'))).rejects.toThrow('does not exist')
  })
})
