/**
 * Startup warning for an open gateway: listening beyond loopback without API keys lets anyone who
 * finds the port spend the configured Google account (exposed LLM proxies are scanned for and
 * abused within days). The guide's setup is open, so this warns rather than refuses.
 */

import type { Config } from '../config/schema.ts'
import type { Logger } from '../lib/logger.ts'
import { isLoopbackHost } from './ip-address.ts'

/** Logs a warning and returns true when the server is reachable from other hosts without keys. */
export function warnAboutOpenAccess(config: Pick<Config, 'server' | 'access'>, logger: Logger): boolean {
  if (config.access.apiKeys.length > 0 || isLoopbackHost(config.server.host)) return false
  logger.warn('The server listens beyond loopback without API keys: anyone who can reach it can use the configured Google account. Set API_KEYS (access.apiKeys) or bind to 127.0.0.1 behind a reverse proxy.', {
    host: config.server.host,
    port: config.server.port,
  })
  return true
}
