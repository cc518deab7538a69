/**
 * Test preload (bunfig.toml). Blanks credential variables so a developer's real cookies never
 * reach a test, and makes any fetch to a non-loopback address fail loudly: tests talk only to the
 * emulator and to servers they start on 127.0.0.1 / ::1.
 */

for (const name of ['GEMINI_1PSID', 'GEMINI_1PSIDTS', 'GEMINI_UPSTREAM', 'API_KEYS', 'ADMIN_KEY', 'REDIS_URL', 'GEMINI_REVERSE_CONFIG', 'PUBLIC_BASE_URL']) {
  delete process.env[name]
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])
const realFetch = globalThis.fetch

function hostOf(input: unknown): string | null {
  try {
    if (typeof input === 'string') return new URL(input).hostname
    if (input instanceof URL) return input.hostname
    if (input instanceof Request) return new URL(input.url).hostname
  } catch {
    return null
  }
  return null
}

const guardedFetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const host = hostOf(input)
  if (host !== null && !loopbackHosts.has(host) && !host.startsWith('127.')) {
    return Promise.reject(new Error(`Test tried to reach a non-loopback host: ${host}`))
  }
  return realFetch(input, init)
}) as typeof fetch
Object.assign(guardedFetch, realFetch)
globalThis.fetch = guardedFetch
