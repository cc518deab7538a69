/**
 * Command-line flags. They override the config file and the environment, so an operator can try
 * a port or a config file without editing anything.
 */

export type CommandLine = {
  help: boolean
  version: boolean
  demo: boolean
  /** Check a running server's /health instead of starting one (Docker HEALTHCHECK). */
  healthcheck: boolean
  configPath?: string
  /** Partial config built from flags. */
  flags: Record<string, unknown>
}

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const usage = `Usage: gemini-reverse [options]

Serves the Gemini web app through the Gemini API and OpenAI API formats.

Options:
  --config PATH       YAML (or JSON) configuration file (env GEMINI_REVERSE_CONFIG)
  --host HOST         address to listen on (env HOST, default 127.0.0.1)
  --port PORT         port to listen on (env PORT, default 8100; 0 picks a free port)
  --data-dir PATH     where cookies and generated images are kept (env DATA_DIR, default ./data)
  --log-level LEVEL   debug | info | warn | error | silent (env LOG_LEVEL, default info)
  --rate-limit-requests-per-hour N
                      requests per client per hour, 0 = no hourly limit
                      (env RATE_LIMIT_REQUESTS_PER_HOUR, default 60; 1000 with --demo)
  --rate-limit-model-interval-seconds S
                      seconds between two calls of one model, 0 = none
                      (env RATE_LIMIT_MODEL_INTERVAL_SECONDS, default 5; 0 with --demo)
  --no-rate-limit     turn rate limiting off (env RATE_LIMIT_ENABLED=false)
  --demo              run against the built-in emulator with placeholder cookies (offline try-out)
  --healthcheck       ask the server configured here for /health and exit 0 (healthy) or 1
  --help              show this help
  --version           show the version

Accounts: gemini-reverse accounts add|list|remove|check|login (see gemini-reverse accounts --help).
Cookies come from GEMINI_1PSID / GEMINI_1PSIDTS, the config file, or the admin API; see docs/accounts.md.`

export function parseArguments(argv: readonly string[]): CommandLine {
  const result: CommandLine = { help: false, version: false, demo: false, healthcheck: false, flags: {} }
  const server: Record<string, unknown> = {}
  const rateLimit: Record<string, unknown> = {}
  const readNumber = (name: string, raw: string, whole: boolean): number => {
    const number = Number(raw)
    if (raw.trim() === '' || !Number.isFinite(number) || number < 0 || (whole && !Number.isInteger(number))) {
      throw new UsageError(`${name} must be ${whole ? 'a whole number' : 'a number'} of 0 or more, got "${raw}"`)
    }
    return number
  }
  const takeValue = (index: number, name: string): string => {
    const value = argv[index + 1]
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`)
    return value
  }
  for (let index = 0; index < argv.length; index += 1) {
    const raw = argv[index]!
    const [name, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined]
    const value = () => {
      if (inline !== undefined) return inline
      const taken = takeValue(index, name)
      index += 1
      return taken
    }
    switch (name) {
      case '--help':
      case '-h':
        result.help = true
        break
      case '--version':
      case '-v':
        result.version = true
        break
      case '--demo':
        result.demo = true
        break
      case '--healthcheck':
        result.healthcheck = true
        break
      case '--rate-limit-requests-per-hour':
        rateLimit.requestsPerHour = readNumber(name, value(), true)
        break
      case '--rate-limit-model-interval-seconds':
        rateLimit.modelIntervalSeconds = readNumber(name, value(), false)
        break
      case '--no-rate-limit':
        rateLimit.enabled = false
        break
      case '--config':
        result.configPath = value()
        break
      case '--host':
        server.host = value()
        break
      case '--port': {
        const port = Number(value())
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535')
        server.port = port
        break
      }
      case '--data-dir':
        result.flags.dataDir = value()
        break
      case '--log-level':
        result.flags.logging = { level: value() }
        break
      default:
        throw new UsageError(`Unknown option ${raw}\n\n${usage}`)
    }
  }
  if (Object.keys(server).length > 0) result.flags.server = server
  if (Object.keys(rateLimit).length > 0) result.flags.rateLimit = rateLimit
  if (result.demo) result.flags.demo = true
  return result
}
