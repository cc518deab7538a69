/**
 * The built-in backends, listed statically (`bun build --compile` needs static imports).
 * The Gemini web backend (issue #3) is registered here when it lands; until then the gateway
 * reports that no account can serve.
 */

import type { Config } from '../config/schema.ts'
import { ProxyError } from '../core/errors.ts'
import type { Logger } from '../lib/logger.ts'
import type { BackendPlugin } from './types.ts'

export function createBuiltinBackends(_config: Config, _logger: Logger): BackendPlugin[] {
  return [
    {
      id: 'gemini-web',
      stream() {
        throw new ProxyError('upstream_unavailable', 'The Gemini web backend is not available in this build')
      },
      status: () => ({ ready: false, demo: false, accounts: [] }),
    },
  ]
}
