/**
 * The built-in backends, listed statically (`bun build --compile` needs static imports).
 * To add a backend: implement BackendPlugin in `backends/<id>/` and add it here.
 */

import type { AccountEvent } from '../accounts/account-event.ts'
import type { Config } from '../config/schema.ts'
import type { Logger } from '../lib/logger.ts'
import { createGeminiWebBackend } from './gemini-web/index.ts'
import type { BackendPlugin } from './types.ts'

export function createBuiltinBackends(config: Config, logger: Logger, onAccountEvent?: (event: AccountEvent) => void): BackendPlugin[] {
  return [createGeminiWebBackend({ config, logger: logger.child({ backend: 'gemini-web' }), ...(onAccountEvent ? { onAccountEvent } : {}) })]
}
