/**
 * `gemini-reverse --healthcheck`: asks the server this configuration describes for /health and
 * exits 0 when it answers ok. Distroless images have no curl or wget, so Docker's HEALTHCHECK
 * runs the binary itself. A wildcard listen address is asked on loopback.
 */

import type { Config } from '../config/schema.ts'

export function healthUrl(server: Pick<Config['server'], 'host' | 'port'>): string {
  const host = server.host === '0.0.0.0' ? '127.0.0.1' : server.host === '::' ? '::1' : server.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${server.port}/health`
}

/** Resolves to the process exit code: 0 healthy, 1 not. */
export async function checkHealth(server: Pick<Config['server'], 'host' | 'port'>, timeoutMs = 5000): Promise<{ code: number; message: string }> {
  const url = healthUrl(server)
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    const body = (await response.json().catch(() => null)) as { status?: unknown } | null
    if (response.ok && body?.status === 'ok') return { code: 0, message: `${url}: ok` }
    return { code: 1, message: `${url}: HTTP ${response.status} ${JSON.stringify(body)}` }
  } catch (error) {
    return { code: 1, message: `${url}: ${(error as Error).message}` }
  }
}
