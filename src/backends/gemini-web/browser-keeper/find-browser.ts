/**
 * Which Chromium the keeper runs: the configured path, or the first of the usual names on PATH.
 * The distribution's package is the intended one (`apt-get install chromium`); nothing is
 * downloaded, so the gateway never runs a browser the operator did not install.
 */

import { existsSync } from 'node:fs'

const commonNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

export function findBrowser(configuredPath: string | null): string {
  if (configuredPath !== null) {
    if (!existsSync(configuredPath)) throw new Error(`browser.executablePath ${configuredPath} does not exist`)
    return configuredPath
  }
  for (const name of commonNames) {
    const found = Bun.which(name)
    if (found) return found
  }
  throw new Error(`No Chromium on PATH (looked for ${commonNames.join(', ')}): install the chromium package or set browser.executablePath`)
}
