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

async function runGeminiCli(prompt: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'gemini-cli-home-'))
  mkdirSync(join(home, '.gemini'))
  copyFileSync(settings, join(home, '.gemini', 'settings.json'))
  const workspace = mkdtempSync(join(tmpdir(), 'gemini-cli-workspace-'))
  const child = Bun.spawn(['node', cliEntry, '-p', prompt, '--output-format', 'json'], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      TMPDIR: workspace,
      GOOGLE_GEMINI_BASE_URL: gateway.origin,
      GEMINI_API_KEY: 'test-key-not-secret',
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      NO_COLOR: '1',
    },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const timer = setTimeout(() => child.kill(), 90_000)
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  clearTimeout(timer)
  return { exitCode, stdout, stderr }
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
