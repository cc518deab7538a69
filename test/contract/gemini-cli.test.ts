/**
 * Contract: Google's own gemini-cli (0.61) in headless mode, with its DEFAULT model (no -m),
 * against this server on the emulator. It routes each prompt with a JSON-schema request to
 * gemini-3.5-flash-lite, then streams the main turn on the model the router picked
 * (gemini-3.8-flash or gemini-3.1-pro-preview-customtools). Every name must answer and the
 * router must get valid JSON back, or the CLI exits (404) or stalls for minutes (bad JSON).
 * Offline: the settings file picks API-key auth and turns off telemetry and update checks.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runHeadlessCli, type CliRun } from '../helpers/run-headless-cli.ts'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'

const root = resolve(import.meta.dir, '../..')
const cliEntry = join(root, 'node_modules/@google/gemini-cli/bundle/gemini.js')
const settings = join(root, 'test/fixtures/clients/gemini-cli-settings.json')

let gateway: EmulatedGateway

beforeAll(async () => {
  gateway = await startEmulatedGateway()
})

afterAll(async () => {
  await gateway.stop()
})

function runGeminiCli(prompt: string): Promise<CliRun> {
  const home = mkdtempSync(join(tmpdir(), 'gemini-cli-home-'))
  mkdirSync(join(home, '.gemini'))
  copyFileSync(settings, join(home, '.gemini', 'settings.json'))
  const workspace = mkdtempSync(join(tmpdir(), 'gemini-cli-workspace-'))
  return runHeadlessCli(['node', cliEntry, '-p', prompt, '--output-format', 'json'], {
    workspace,
    home,
    env: { GOOGLE_GEMINI_BASE_URL: gateway.origin, GEMINI_API_KEY: 'test-key-not-secret', GEMINI_CLI_TRUST_WORKSPACE: 'true' },
    timeoutMs: 90_000,
  })
}

describe('gemini-cli, default model, headless', () => {
  it('routes, streams the main turn and prints the answer', async () => {
    const before = gateway.emulator.state.requests.length
    const result = await runGeminiCli('Say hello to the emulator')
    if (result.exitCode !== 0) throw new Error(`gemini-cli exited ${result.exitCode}: ${result.stderr.slice(-2000)}`)
    const output = JSON.parse(result.stdout) as { response: string; stats: { models: Record<string, unknown> } }
    expect(output.response).toContain('Emulated answer to:')
    // The router (gemini-3.5-flash-lite) and the main turn both reached the upstream.
    const models = Object.keys(output.stats.models)
    expect(models).toContain('gemini-3.5-flash-lite')
    expect(models.some((model) => model !== 'gemini-3.5-flash-lite')).toBe(true)
    expect(gateway.emulator.state.requests.slice(before).filter((request) => request.path.endsWith('/StreamGenerate')).length).toBeGreaterThanOrEqual(2)
  }, 120_000)
})
