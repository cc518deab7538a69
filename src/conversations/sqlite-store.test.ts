import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteConversationStore } from './sqlite-store.ts'

const folder = mkdtempSync(join(tmpdir(), 'conversation-store-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
const value = (account: string) => ({ state: { conversationId: 'c_1' }, account, consumedMessages: 2 })

describe('SQLite conversation store', () => {
  test('finds the first stored key in the order asked, across a reopen', async () => {
    const file = join(folder, 'a.sqlite')
    const store = createSqliteConversationStore({ file, maxEntries: 100, ttlSeconds: 60 })
    await store.put('k2', value('two'))
    await store.put('k3', value('three'))
    expect(await store.findFirst(['k1', 'k3', 'k2'])).toEqual({ key: 'k3', value: value('three') })
    await store.close()
    const reopened = createSqliteConversationStore({ file, maxEntries: 100, ttlSeconds: 60 })
    expect((await reopened.findFirst(['k2']))?.value.account).toBe('two')
    expect(await reopened.findFirst(['nope'])).toBeNull()
    expect(await reopened.findFirst([])).toBeNull()
    await reopened.close()
  })

  test('entries older than the age limit are not found, and the count stays bounded', async () => {
    const clock = { now: 1_000_000 }
    const store = createSqliteConversationStore({ file: join(folder, 'b.sqlite'), maxEntries: 100, ttlSeconds: 10, now: () => clock.now })
    await store.put('old', value('old'))
    clock.now += 11_000
    expect(await store.findFirst(['old'])).toBeNull()
    for (let index = 0; index < 600; index++) await store.put(`key-${index}`, value(String(index)))
    expect(await store.findFirst(['key-599'])).not.toBeNull()
    expect(await store.findFirst(['key-0'])).toBeNull()
    await store.close()
  })

  test('gathered writes are found at once and committed within a moment, without a close', async () => {
    const file = join(folder, 'c.sqlite')
    const store = createSqliteConversationStore({ file, maxEntries: 100, ttlSeconds: 60 })
    await store.put('soon', value('soon'))
    expect((await store.findFirst(['soon']))?.value.account).toBe('soon')
    const other = createSqliteConversationStore({ file, maxEntries: 100, ttlSeconds: 60 })
    let seen = null
    for (let attempt = 0; attempt < 40 && !seen; attempt++) {
      await Bun.sleep(25)
      seen = await other.findFirst(['soon'])
    }
    expect(seen?.value.account).toBe('soon')
    await other.close()
    await store.close()
  })

  test('a value that cannot be stored fails its own put, not the others gathered with it; a closed store refuses', async () => {
    const file = join(folder, 'd.sqlite')
    const store = createSqliteConversationStore({ file, maxEntries: 100, ttlSeconds: 60 })
    await store.put('kept', value('kept'))
    await expect(store.put('broken', { state: { big: 1n }, account: 'x', consumedMessages: 1 })).rejects.toThrow()
    await store.close()
    await expect(store.put('late', value('late'))).rejects.toThrow('closed')
    const reopened = createSqliteConversationStore({ file, maxEntries: 100, ttlSeconds: 60 })
    expect((await reopened.findFirst(['kept']))?.value.account).toBe('kept')
    expect(await reopened.findFirst(['broken'])).toBeNull()
    await reopened.close()
  })
})
