/**
 * The version string. `bun build --compile` replaces BUILD_VERSION at build time; running from a
 * checkout falls back to package.json's version.
 */

import packageJson from '../package.json' with { type: 'json' }

declare const BUILD_VERSION: string | undefined

export const version: string = typeof BUILD_VERSION === 'string' ? BUILD_VERSION : packageJson.version
export const productName = 'gemini-reverse'
