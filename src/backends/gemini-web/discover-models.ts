/**
 * Finds out which model ids an account may use, instead of trusting a table of hex ids that
 * Google renumbers every few months (docs/upstream-protocol.md, "Discovery"). The otAQ7b list
 * gives each offered model's id and mode category (1 Flash, 3 Pro, 6 Flash-Lite) and the account's
 * tier flags; the app page's `m3eQte` flag lists ids too and serves when otAQ7b fails; the
 * protocol table is the last resort. The result lives on the account, with its source and time,
 * and is refreshed every `upstream.discoveryIntervalSeconds` and whenever the upstream refuses a
 * model id (1052).
 */

import type { UpstreamRole } from '../../models/model-spec.ts'
import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { fetchUpstreamModels, type UpstreamModel } from './list-models.ts'
import type { AccountTier, ProtocolData } from './protocol-data.ts'

type DiscoverySource = 'otAQ7b' | 'page' | 'table'

export type DiscoveredModels = {
  source: DiscoverySource
  /** Unix ms of the discovery. */
  at: number
  tier: AccountTier
  tierLabel: string
  /** The header's capacity value (a raw JSON fragment). */
  capacity: string
  /** The id this account is offered for each role. */
  roles: Partial<Record<UpstreamRole, string>>
  /** Everything otAQ7b listed, for the operator route. */
  models: UpstreamModel[]
  /** Why discovery fell back, when it did. */
  error?: string
}

/** Tier and capacity from the account's flags, by the first matching rule. */
export function readTier(protocol: ProtocolData, tierFlags: readonly number[], capabilityFlags: readonly number[], accountStatus: number | null = protocol.models.signedInAccountStatus): { tier: AccountTier; label: string; capacity: string } {
  // A guest's flags include capability 19, which the rules would read as paid: only a signed-in status counts.
  if (accountStatus !== null && accountStatus !== protocol.models.signedInAccountStatus) return { ...protocol.models.defaultCapacity }
  for (const rule of protocol.models.capacityRules) {
    if ((rule.tierFlag !== undefined && tierFlags.includes(rule.tierFlag)) || (rule.capabilityFlag !== undefined && capabilityFlags.includes(rule.capabilityFlag))) {
      return { tier: rule.tier, label: rule.label, capacity: rule.capacity }
    }
  }
  return { ...protocol.models.defaultCapacity }
}

function roleOfMode(protocol: ProtocolData, modeCategory: number | undefined): UpstreamRole | undefined {
  const entry = Object.entries(protocol.models.roles).find(([, role]) => role.modeCategory === modeCategory)
  return entry?.[0] as UpstreamRole | undefined
}

/** Role → id from the otAQ7b entries: the first listed entry of each mode category. */
export function rolesFromModelList(protocol: ProtocolData, models: readonly UpstreamModel[]): Partial<Record<UpstreamRole, string>> {
  const roles: Partial<Record<UpstreamRole, string>> = {}
  for (const model of models) {
    const role = roleOfMode(protocol, model.modeCategory)
    if (role && !roles[role]) roles[role] = model.hex
  }
  return roles
}

/**
 * The page flag, e.g. `thinking=<paid pro>,<free pro>` and `fast=<paid flash>,<free flash>`:
 * groups of 16-hex ids, the paid one first. Unknown group names are ignored.
 */
export function rolesFromPageFlag(flag: string | undefined, tier: AccountTier): Partial<Record<UpstreamRole, string>> {
  if (!flag) return {}
  const groups = new Map<string, string[]>()
  for (const match of flag.matchAll(/([A-Za-z_]+)\s*=\s*([0-9a-f]{16}(?:\s*,\s*[0-9a-f]{16})*)/g)) {
    groups.set(match[1]!.toLowerCase(), match[2]!.split(',').map((hex) => hex.trim()))
  }
  const pick = (ids: string[] | undefined) => (ids ? (tier === 'paid' ? ids[0] : ids.at(-1)) : undefined)
  const roles: Partial<Record<UpstreamRole, string>> = {}
  const pro = pick(groups.get('thinking') ?? groups.get('pro'))
  const flash = pick(groups.get('fast') ?? groups.get('flash'))
  if (pro) roles.pro = pro
  if (flash) roles.flash = flash
  return roles
}

/** Discovery, coalesced per account; never throws (a failure falls back and says why). */
export function discoverModels(context: BackendContext, account: Account): Promise<DiscoveredModels> {
  account.discovering ??= runDiscovery(context, account).finally(() => {
    account.discovering = null
    void account.persist().catch(() => undefined)
  })
  return account.discovering
}

async function runDiscovery(context: BackendContext, account: Account): Promise<DiscoveredModels> {
  const { protocol } = context
  const previousTier = account.discovered?.tier ?? protocol.models.defaultCapacity.tier
  let discovered: DiscoveredModels
  try {
    const list = await fetchUpstreamModels(context, account)
    const tier = readTier(protocol, list.tierFlags, list.capabilityFlags, list.accountStatus)
    const roles = { ...rolesFromPageFlag(account.pageModelFlag, tier.tier), ...rolesFromModelList(protocol, list.models) }
    discovered = { source: 'otAQ7b', at: context.now(), tier: tier.tier, tierLabel: tier.label, capacity: tier.capacity, roles, models: list.models }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const roles = rolesFromPageFlag(account.pageModelFlag, previousTier)
    const fallback = account.discovered ?? { tier: previousTier, tierLabel: protocol.models.defaultCapacity.label, capacity: protocol.models.defaultCapacity.capacity }
    discovered = {
      source: Object.keys(roles).length > 0 ? 'page' : 'table',
      at: context.now(),
      tier: fallback.tier,
      tierLabel: fallback.tierLabel,
      capacity: fallback.capacity,
      roles,
      models: [],
      error: reason,
    }
    context.logger.warn('model discovery failed; using the fallback', { account: account.id, source: discovered.source, reason })
  }
  account.discovered = discovered
  return discovered
}

/** True when the account has never been discovered or its discovery is older than the interval. */
export function isDiscoveryStale(context: BackendContext, account: Account): boolean {
  const discovered = account.discovered
  if (!discovered) return true
  const interval = context.upstream.discoveryIntervalSeconds
  return interval > 0 && context.now() - discovered.at > interval * 1000
}
