/**
 * `npm start --demo` (without `--`) hands `--demo` to npm, not to us: npm keeps it as its own
 * config value and exports `npm_config_demo=true`, and the server would start in real mode
 * without a word. Our flags never appear as npm config values otherwise, so their presence in
 * the environment of an npm script means exactly this mistake.
 */

const ourFlags = ['demo', 'port', 'host', 'config', 'data-dir', 'log-level', 'no-rate-limit', 'rate-limit-requests-per-hour', 'rate-limit-model-interval-seconds', 'healthcheck']

/** The hint to print, or null when no flag of ours was swallowed by npm. */
export function describeSwallowedFlags(env: Record<string, string | undefined>): string | null {
  if (!env.npm_lifecycle_event) return null
  const swallowed = ourFlags.filter((flag) => env[`npm_config_${flag.replaceAll('-', '_')}`] !== undefined)
  if (swallowed.length === 0) return null
  const flags = swallowed.map((flag) => `--${flag}`).join(' ')
  return `npm kept ${flags} for itself, so the server did not see ${swallowed.length > 1 ? 'them' : 'it'}. Put -- before the server's flags: npm ${env.npm_lifecycle_event === 'start' ? 'start' : `run ${env.npm_lifecycle_event}`} -- ${flags}`
}
