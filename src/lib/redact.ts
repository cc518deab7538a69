/**
 * Masks secrets in text bound for logs and error messages. Two nets: every secret value the
 * process knows (cookies, API keys, admin key, XSRF tokens) is registered here and replaced
 * wherever it appears; and patterns catch secrets the process never registered (a Cookie header,
 * a bearer token, a `key=` query parameter).
 */

/** Secrets the operator configured (cookies, keys): kept for the life of the process. */
const permanentSecrets = new Set<string>()
/**
 * Secrets seen on the wire, most recent last. Bounded because cookie values rotate on most
 * upstream answers: old SIDCC values are dead, and an unbounded set would grow forever.
 */
const transientSecrets = new Map<string, true>()
const maximumTransientSecrets = 512

/** Values shorter than this are not registered: masking "1" everywhere would destroy logs. */
const minimumSecretLength = 6

/** A secret to mask for the life of the process (configured cookies, API keys, admin key). */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < minimumSecretLength) return
  permanentSecrets.add(value)
}

/** A secret that rotates (Set-Cookie values from upstream answers); the oldest are forgotten. */
export function registerTransientSecret(value: string | undefined | null): void {
  if (!value || value.length < minimumSecretLength || permanentSecrets.has(value)) return
  transientSecrets.delete(value)
  transientSecrets.set(value, true)
  if (transientSecrets.size > maximumTransientSecrets) transientSecrets.delete(transientSecrets.keys().next().value!)
}

export function forgetSecretsForTests(): void {
  permanentSecrets.clear()
  transientSecrets.clear()
}

const patterns: Array<[RegExp, string]> = [
  // Cookie pairs of Google's session cookies, in headers or jars: keep the name, drop the value.
  [/((?:__Secure-|__Host-)?(?:[13]P)?(?:SID|SIDTS|SIDCC|PSID|PSIDTS|PSIDCC|PAPISID|APISID|SAPISID|HSID|SSID|NID|OSID|SIDRTS)[A-Za-z0-9-]*)=([^;\s"'\\,]+)/g, '$1=[redacted]'],
  [/(bearer\s+)[^\s"'\\,]+/gi, '$1[redacted]'],
  [/([?&](?:key|api_key|token)=)[^&\s"'\\]+/gi, '$1[redacted]'],
  [/("(?:x-goog-api-key|x-api-key|authorization|cookie|set-cookie)"\s*:\s*")[^"]*/gi, '$1[redacted]'],
]

export function redactSecrets(text: string): string {
  let result = text
  // A substring scan per secret: no regex to rebuild when the set changes, and cheap for log lines.
  for (const secrets of [permanentSecrets, transientSecrets.keys()]) {
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.replaceAll(secret, '[redacted]')
    }
  }
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement)
  return result
}
