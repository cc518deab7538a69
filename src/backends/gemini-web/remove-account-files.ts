/**
 * Deletes what a removed account left under DATA_DIR: its cookie jar and any temporary file a
 * crash left beside it.
 */

import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

export async function removeAccountFiles(dataDirectory: string, accountId: string): Promise<void> {
  const folder = join(dataDirectory, 'accounts')
  const prefix = `${accountId}.cookies.json`
  const names = await readdir(folder).catch(() => [] as string[])
  await Promise.all(names.filter((name) => name === prefix || name.startsWith(`${prefix}.`)).map((name) => rm(join(folder, name), { force: true })))
}
