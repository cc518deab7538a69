/**
 * Accounts added while the server runs (admin API, `gemini-reverse accounts add`) are kept in
 * DATA_DIR/accounts/registry.json, beside their cookie jars, so a restart still has them. Accounts
 * from the config file are not listed here: the config stays their source.
 */

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { removeStaleTemporaryFiles, writeFileAtomically } from '../../lib/write-file-atomically.ts'
import type { AccountConfig } from '../../config/schema.ts'

type RegistryFile = { version: 1; accounts: Array<Pick<AccountConfig, 'id' | 'accountIndex' | 'proxy'>> }

function registryPath(dataDirectory: string): string {
  return join(dataDirectory, 'accounts', 'registry.json')
}

export function jarPath(dataDirectory: string, accountId: string): string {
  return join(dataDirectory, 'accounts', `${accountId}.cookies.json`)
}

export async function readAccountRegistry(dataDirectory: string): Promise<AccountConfig[]> {
  let text: string
  await removeStaleTemporaryFiles(registryPath(dataDirectory))
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
  const body: RegistryFile = {
    version: 1,
    accounts: accounts.map((account) => ({ id: account.id, ...(account.accountIndex !== undefined ? { accountIndex: account.accountIndex } : {}), ...(account.proxy ? { proxy: account.proxy } : {}) })),
  }
  await writeFileAtomically(registryPath(dataDirectory), JSON.stringify(body, null, 2))
}
