/**
 * What every backend operation needs, passed explicitly: resolved protocol data, the transport,
 * the upstream config section, a logger and a clock (tests inject one).
 */

import type { Config } from '../../config/schema.ts'
import type { Logger } from '../../lib/logger.ts'
import type { ProtocolData } from './protocol-data.ts'
import type { Transport } from './transport.ts'

export type BackendContext = {
  protocol: ProtocolData
  transport: Transport
  upstream: Config['upstream']
  logger: Logger
  now: () => number
  nextRequestNumber: () => number
}
