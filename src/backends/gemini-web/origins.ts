/**
 * Logical versus physical URLs. Everything inside the backend (cookie jars, redirects, image URLs
 * from answers) speaks Google's real URLs; only the moment of sending maps a Google URL onto
 * `upstream.origin` (the emulator) when one is set, keeping path and query. Image downloads are
 * limited to Google's image hosts either way.
 */

import type { ProtocolData } from './protocol-data.ts'

export type UrlMapper = {
  toPhysical(logicalUrl: string): string
  isGoogleHost(hostname: string): boolean
  isImageHost(hostname: string): boolean
}

function matchesSuffix(hostname: string, suffixes: string[]): boolean {
  const host = hostname.toLowerCase()
  return suffixes.some((suffix) => host === suffix || host.endsWith('.' + suffix))
}

export function createUrlMapper(origin: string | null, protocol: ProtocolData): UrlMapper {
  const base = origin ? new URL(origin) : null
  return {
    toPhysical(logicalUrl) {
      if (!base) return logicalUrl
      const url = new URL(logicalUrl)
      if (!matchesSuffix(url.hostname, protocol.googleHostSuffixes)) return logicalUrl
      return `${base.origin}${url.pathname}${url.search}`
    },
    isGoogleHost: (hostname) => matchesSuffix(hostname, protocol.googleHostSuffixes),
    isImageHost: (hostname) => matchesSuffix(hostname, protocol.imageHostSuffixes),
  }
}
