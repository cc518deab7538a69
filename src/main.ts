/**
 * The entry point (also of the compiled binary): read flags and config, build the runtime,
 * listen, and stop gracefully on SIGTERM/SIGINT. Nothing else lives here.
 */

import { dirname, resolve } from 'node:path'
import { warnAboutOpenAccess } from './access/index.ts'
import { accountsUsage, parseAccountsArguments, runAccountsCommand } from './cli/accounts-command.ts'
import { checkHealth } from './cli/check-health.ts'
import { describeSwallowedFlags } from './cli/npm-flag-hint.ts'
import { parseArguments, usage, UsageError } from './cli/parse-arguments.ts'
import { buildConfig, ConfigError, readConfigFile } from './config/load-config.ts'
import { readSecretFiles } from './config/read-secret-files.ts'
import { startDemo } from './demo/start-demo.ts'
import { createLogger } from './lib/logger.ts'
import { createRuntime } from './runtime.ts'
import { startServer } from './edge/start-server.ts'
import { announceStartup } from './edge/startup-summary.ts'
import { productName, version } from './version.ts'

async function runAccounts(argv: readonly string[]): Promise<number> {
  const line = parseAccountsArguments(argv)
  if (line === 'help') {
    console.log(accountsUsage)
    return 0
  }
  const configPath = line.configPath ?? process.env.GEMINI_REVERSE_CONFIG
  const file = configPath ? await readConfigFile(configPath) : undefined
  const env = await readSecretFiles(process.env)
  const config = buildConfig({ file, env, ...(configPath ? { configDirectory: dirname(resolve(configPath)) } : {}) })
  return runAccountsCommand(line, config, env, { write: (text) => console.log(text) })
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'accounts') return runAccounts(argv.slice(1))
  const commandLine = parseArguments(argv)
  if (commandLine.help) {
    console.log(usage)
    return 0
  }
  if (commandLine.version) {
    console.log(`${productName} ${version}`)
    return 0
  }
  const npmHint = describeSwallowedFlags(process.env)
  if (npmHint) throw new UsageError(npmHint)
  const configPath = commandLine.configPath ?? process.env.GEMINI_REVERSE_CONFIG
  const file = configPath ? await readConfigFile(configPath) : undefined
  let config = buildConfig({ file, env: await readSecretFiles(process.env), flags: commandLine.flags, ...(configPath ? { configDirectory: dirname(resolve(configPath)) } : {}) })
  if (commandLine.healthcheck) {
    const health = await checkHealth(config.server)
    console.log(health.message)
    return health.code
  }
  const logger = createLogger({ level: config.logging.level })
  const demo = config.demo ? await startDemo(config, logger) : null
  if (demo) config = demo.config
  const runtime = createRuntime(config, logger)
  warnAboutOpenAccess(config, logger)
  await runtime.start()
  const server = startServer({
    app: runtime.app,
    config,
    logger,
    onStopped: async () => {
      await runtime.stop()
      await demo?.emulator.stop()
    },
  })
  runtime.setListeningPort(server.port)
  await announceStartup({ config, configPath, url: server.url.origin, backends: runtime.backends, models: runtime.models, formats: runtime.formats, limitStore: runtime.rateLimiter?.store ?? null, imageDirectory: runtime.imageDirectory }, logger)
  const stop = (signal: string) => {
    runtime.markShuttingDown()
    void server.shutdown(signal).then(() => process.exit(0))
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  return -1
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`${productName}: ${error.message}`)
      process.exit(2)
    }
    console.error(`${productName}: failed to start:`, error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
