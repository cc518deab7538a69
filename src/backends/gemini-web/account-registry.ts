/**
 * Accounts added while the server runs (admin API, `gemini-reverse accounts add`) are kept in
 * DATA_DIR/accounts/registry.json, beside their cookie jars, so a restart still has them. Accounts
 * from the config file are not listed here: the config stays their source.
 */

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { AccountConfig } from '../../config/schema.ts'

type RegistryFile = { version: 1; accounts: Array<Pick<AccountConfig, 'id' | 'accountIndex' | 'proxy'>> }

export function registryPath(dataDirectory: string): string {
  return join(dataDirectory, 'accounts', 'registry.json')
}

export function jarPath(dataDirectory: string, accountId: string): string {
  return join(dataDirectory, 'accounts', `${accountId}.cookies.json`)
}

export async function readAccountRegistry(dataDirectory: string): Promise<AccountConfig[]> {
  let text: string
  try {
    text = await readFile(registryPath(dataDirectory), 'utf8')
  } catch {
    return []
  }
  const parsed = JSON.parse(text) as Partial<RegistryFile>
  return (parsed.accounts ?? []).filter((entry) => typeof entry?.id === 'string' && /^[A-Za-z0-9_.-]+$/.test(entry.id))
}

/** Written to a temporary file and renamed, so a crash never leaves half a registry. */
export async function writeAccountRegistry(dataDirectory: string, accounts: readonly AccountConfig[]): Promise<void> {
  const file = registryPath(dataDirectory)
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const body: RegistryFile = {
    version: 1,
    accounts: accounts.map((account) => ({ id: account.id, ...(account.accountIndex !== undefined ? { accountIndex: account.accountIndex } : {}), ...(account.proxy ? { proxy: account.proxy } : {}) })),
  }
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(body, null, 2), { mode: 0o600 })
  await rename(temporary, file)
}
