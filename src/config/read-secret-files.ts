/**
 * `NAME_FILE` variables: for each secret variable, a path to read its value from. systemd's
 * LoadCredential= hands secrets to the service as files, which keeps them out of the unit file
 * and out of /proc/<pid>/environ.
 */

import { ConfigError } from './load-config.ts'

const secretVariables = ['GEMINI_1PSID', 'GEMINI_1PSIDTS', 'API_KEYS', 'ADMIN_KEY', 'REDIS_URL', 'ALERT_WEBHOOK_URL'] as const

export async function readSecretFiles(env: Record<string, string | undefined>): Promise<Record<string, string | undefined>> {
  const resolved = { ...env }
  for (const name of secretVariables) {
    const path = env[`${name}_FILE`]
    if (!path || env[name]) continue
    const file = Bun.file(path)
    if (!(await file.exists())) throw new ConfigError(`${name}_FILE points to ${path}, which does not exist`)
    resolved[name] = (await file.text()).trim()
  }
  return resolved
}
