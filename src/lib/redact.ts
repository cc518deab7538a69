/**
 * Masks secrets in text bound for logs and error messages. Two nets: every secret value the
 * process knows (cookies, API keys, admin key, XSRF tokens) is registered here and replaced
 * wherever it appears; and patterns catch secrets the process never registered (a Cookie header,
 * a bearer token, a `key=` query parameter).
 */

const knownSecrets = new Set<string>()
let knownPattern: RegExp | null = null

/** Values shorter than this are not registered: masking "1" everywhere would destroy logs. */
const minimumSecretLength = 6

export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < minimumSecretLength || knownSecrets.has(value)) return
  knownSecrets.add(value)
  knownPattern = null
}

export function forgetSecretsForTests(): void {
  knownSecrets.clear()
  knownPattern = null
}

const patterns: Array<[RegExp, string]> = [
  // Cookie pairs of Google's session cookies, in headers or jars: keep the name, drop the value.
  [/((?:__Secure-|__Host-)?(?:[13]P)?(?:SID|SIDTS|SIDCC|PSID|PSIDTS|PSIDCC|PAPISID|APISID|SAPISID|HSID|SSID|NID|OSID|SIDRTS)[A-Za-z0-9-]*)=([^;\s"'\\,]+)/g, '$1=[redacted]'],
  [/(bearer\s+)[^\s"'\\,]+/gi, '$1[redacted]'],
  [/([?&](?:key|api_key|token)=)[^&\s"'\\]+/gi, '$1[redacted]'],
  [/("(?:x-goog-api-key|x-api-key|authorization|cookie|set-cookie)"\s*:\s*")[^"]*/gi, '$1[redacted]'],
]

function escapeForRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function redactSecrets(text: string): string {
  let result = text
  if (knownSecrets.size > 0) {
    knownPattern ??= new RegExp([...knownSecrets].sort((a, b) => b.length - a.length).map(escapeForRegex).join('|'), 'g')
    result = result.replace(knownPattern, '[redacted]')
  }
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement)
  return result
}
