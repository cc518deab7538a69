/**
 * Demo mode (`--demo`): starts the emulator of Google's endpoints in this process on a loopback
 * port and points the gateway at it with placeholder cookies, so a newcomer can try every curl
 * of the README offline. /health and /api/info say plainly that answers come from the emulator.
 */

import type { Config } from '../config/schema.ts'
import type { Logger } from '../lib/logger.ts'
import { describeLimits } from '../access/rate-limit/describe-limits.ts'
import { startEmulator, type Emulator } from './emulator/index.ts'

const demoCookies = { psid: 'demo-placeholder-1psid', psidts: 'sidts-demo-placeholder' }

export type Demo = { config: Config; emulator: Emulator }

export async function startDemo(config: Config, logger: Logger): Promise<Demo> {
  const emulator = await startEmulator({ port: 0, frameDelayMs: 40, textFrames: 6, answers: 'demo' })
  logger.warn('demo mode: answers come from the built-in emulator, not from Google; rate limits are relaxed so every README example answers (RATE_LIMIT_* or --rate-limit-* set them)', {
    emulator: emulator.origin,
    rate_limits: describeLimits(config.rateLimit),
  })
  const demoConfig: Config = {
    ...config,
    // Demo state must never mix with a real account's cookie jar.
    dataDir: `${config.dataDir}/demo`,
    accounts: [{ id: 'demo', psid: demoCookies.psid, psidts: demoCookies.psidts }],
    upstream: { ...config.upstream, origin: emulator.origin },
  }
  return { config: demoConfig, emulator }
}
