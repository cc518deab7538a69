/**
 * Turns a model's ROLE into what the upstream routes on for one account: the id the account was
 * offered (discovered, src/backends/gemini-web/discover-models.ts) or, when discovery knows none,
 * the table's id for the account's tier; the mode category; the capacity value of its tier; and the
 * thinking flag. A null role sends no model header (the upstream's default model).
 */

import type { UpstreamSelector } from '../../models/model-spec.ts'
import type { Account } from './accounts.ts'
import type { ProtocolData } from './protocol-data.ts'

export type ResolvedUpstreamModel = { hex: string; modeCategory: number; capacity: string; thinking: number }

export function resolveUpstreamModel(protocol: ProtocolData, account: Pick<Account, 'discovered'>, selector: UpstreamSelector): ResolvedUpstreamModel | null {
  if (!selector.role) return null
  const entry = protocol.models.roles[selector.role]
  const discovered = account.discovered
  const tier = discovered?.tier ?? protocol.models.defaultCapacity.tier
  return {
    hex: discovered?.roles[selector.role] ?? entry.hex[tier],
    modeCategory: entry.modeCategory,
    capacity: discovered?.capacity ?? protocol.models.defaultCapacity.capacity,
    thinking: selector.thinking ? protocol.models.thinking.extended : protocol.models.thinking.normal,
  }
}
