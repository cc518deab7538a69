/**
 * Turns parsed frames into typed envelope entries. A frame is an array of entries:
 * `["wrb.fr", rpcId, "<payload JSON>", …, status?]`, `["er", …]` (HTTP error body), `["di", n]`,
 * `["af.httprm", …]` and `["e", n, null, null, bytes]`. Unknown entries are reported, not fatal.
 */

export type Envelope =
  | { type: 'payload'; rpcId: string | null; payload: unknown; identifier?: string }
  | { type: 'status'; rpcId: string | null; status: unknown[]; code: number | null; bardCode: number | null }
  | { type: 'http-error'; status: number | null; reason: string | null }
  | { type: 'end' }
  | { type: 'diagnostic' }
  | { type: 'unknown' }

export function readEnvelopes(frame: unknown, bardErrorType: string): Envelope[] {
  if (!Array.isArray(frame)) return [{ type: 'unknown' }]
  // A bare entry line (`["wrb.fr", …]`) instead of an array of entries.
  const entries = typeof frame[0] === 'string' ? [frame] : frame
  return entries.map((entry) => readEntry(entry, bardErrorType))
}

function readEntry(entry: unknown, bardErrorType: string): Envelope {
  if (!Array.isArray(entry)) return { type: 'unknown' }
  const tag = entry[0]
  if (tag === 'wrb.fr') {
    const rpcId = typeof entry[1] === 'string' ? entry[1] : null
    const raw = entry[2]
    if (typeof raw === 'string') {
      const identifier = typeof entry[6] === 'string' ? entry[6] : undefined
      try {
        return { type: 'payload', rpcId, payload: JSON.parse(raw) as unknown, ...(identifier ? { identifier } : {}) }
      } catch {
        return { type: 'unknown' }
      }
    }
    const status = entry[5]
    if (Array.isArray(status)) {
      const code = typeof status[0] === 'number' ? status[0] : null
      return { type: 'status', rpcId, status, code, bardCode: findBardCode(status, bardErrorType) }
    }
    return { type: 'unknown' }
  }
  if (tag === 'er') return { type: 'http-error', status: findHttpStatus(entry), reason: findReason(entry) }
  if (tag === 'e') return { type: 'end' }
  if (tag === 'di' || tag === 'af.httprm') return { type: 'diagnostic' }
  return { type: 'unknown' }
}

/** The Bard code sits at status[2][0][1][0]; search the detail list so a moved slot still works. */
function findBardCode(status: unknown[], bardErrorType: string): number | null {
  const details = status[2]
  if (!Array.isArray(details)) return null
  for (const detail of details) {
    if (!Array.isArray(detail)) continue
    if (typeof detail[0] === 'string' && detail[0] !== bardErrorType && !detail[0].endsWith('BardErrorInfo')) continue
    const body = detail[1]
    if (Array.isArray(body) && typeof body[0] === 'number') return body[0]
  }
  return null
}

function findHttpStatus(entry: unknown[]): number | null {
  for (const value of entry.slice(1)) if (typeof value === 'number' && value >= 100 && value < 600) return value
  return null
}

/** The xsrf reason appears as `{"reason":"xsrf"}` or inside `[{"48448350":["xsrf", …]}]`. */
function findReason(entry: unknown[]): string | null {
  const text = JSON.stringify(entry)
  const match = /"reason"\s*:\s*"([^"]+)"/.exec(text) ?? /\[\s*"(xsrf)"/.exec(text)
  return match?.[1] ?? null
}
