/**
 * What a limited caller is told: the Chinese `detail` messages of docs/compatibility.md, the SAME
 * words in the SDK envelopes (official SDKs show only `error.message`, and the guide's users expect
 * its wording there too), and the IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-11:
 * `RateLimit-Policy: "hourly";q=60;w=3600` and `RateLimit: "hourly";r=12;t=1800`, structured-field
 * lists of a policy name with integer parameters).
 */

export type EffectiveLimits = {
  requestsPerWindow: number
  windowSeconds: number
  modelIntervalSeconds: number
}

/** Seconds with one decimal, rounded up so that waiting the stated time is always enough. */
function formatWaitSeconds(waitMs: number): string {
  return (Math.ceil(Math.max(0, waitMs) / 100) / 10).toFixed(1)
}

/** Whole seconds for Retry-After and `t`, rounded up (RFC 9110 delay-seconds). */
function wholeSeconds(waitMs: number): number {
  return Math.max(0, Math.ceil(waitMs / 1000))
}

export function windowPolicyName(windowSeconds: number): string {
  return windowSeconds === 3600 ? 'hourly' : `per-${windowSeconds}s`
}

export const modelPolicyName = 'model'

function describeWindowInChinese(windowSeconds: number): string {
  return windowSeconds === 3600 ? '每小时' : `每 ${windowSeconds} 秒`
}

export function describeModelRefusal(modelId: string, waitMs: number): { detail: string; message: string } {
  const detail = `模型 ${modelId} 调用过于频繁，请等待 ${formatWaitSeconds(waitMs)} 秒后重试`
  return { detail, message: detail }
}

export function describeWindowRefusal(limits: EffectiveLimits, waitMs: number): { detail: string; message: string } {
  const detail = `请求过于频繁，${describeWindowInChinese(limits.windowSeconds)}最多 ${limits.requestsPerWindow} 次，请等待 ${formatWaitSeconds(waitMs)} 秒后重试`
  return { detail, message: detail }
}

/** The policy field: stable for a given caller, one item per active limit. */
export function buildPolicyHeader(limits: EffectiveLimits): string | null {
  const items: string[] = []
  if (limits.requestsPerWindow > 0) items.push(`"${windowPolicyName(limits.windowSeconds)}";q=${limits.requestsPerWindow};w=${limits.windowSeconds}`)
  // `w` must be a whole, non-zero number of seconds; a fractional spacing is announced rounded up.
  if (limits.modelIntervalSeconds > 0) items.push(`"${modelPolicyName}";q=1;w=${Math.max(1, Math.ceil(limits.modelIntervalSeconds))}`)
  return items.length > 0 ? items.join(', ') : null
}

/** The service-limit field: what is left now and how long until it changes. */
export function buildServiceLimitHeader(items: Array<{ policy: string; remaining: number; resetMs: number }>): string | null {
  if (items.length === 0) return null
  return items.map((item) => `"${item.policy}";r=${Math.max(0, item.remaining)};t=${wholeSeconds(item.resetMs)}`).join(', ')
}
