/**
 * Contract: Anthropic's Claude Code (2.1, the native binary from `@anthropic-ai/claude-code`) in
 * headless mode (`claude -p`), with its DEFAULT model (a `claude-opus-…` name), against this
 * server on the emulator, with API keys on. It posts to `/v1/messages?beta=true` with `x-api-key`,
 * a system prompt in blocks, a `role: "system"` message, adaptive thinking, context management
 * and a dozen tools, and it must complete a task through a real tool round trip: the emulated
 * model asks for Bash, Claude Code runs the command, sends the result back, and the model answers.
 * Offline: CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC turns off telemetry, update checks and error
 * reporting; the HOME is a throwaway folder; every run is bounded by a kill timer.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApiKeyAuthenticator } from '../../src/access/index.ts'
import { buildConfig } from '../../src/config/load-config.ts'
import { runHeadlessCli, type CliRun } from '../helpers/run-headless-cli.ts'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'

const root = resolve(import.meta.dir, '../..')
const claudeBinary = join(root, 'node_modules/.bin/claude')
const apiKey = 'sk-claude-code-contract'

let gateway: EmulatedGateway

beforeAll(async () => {
  const authenticator = createApiKeyAuthenticator(buildConfig({ file: { access: { apiKeys: [{ key: apiKey, name: 'claude-code' }] } }, env: {} }))
  gateway = await startEmulatedGateway({ dependencies: { authenticator } })
})

afterAll(async () => {
  await gateway.stop()
})

type ClaudeResult = { type: string; subtype: string; is_error: boolean; result: string; num_turns: number; stop_reason: string; modelUsage: Record<string, unknown> }

function runClaudeCode(prompt: string, workspace: string): Promise<CliRun> {
  return runHeadlessCli([claudeBinary, '-p', prompt, '--allowedTools', 'Bash', '--output-format', 'json'], {
    workspace,
    home: mkdtempSync(join(tmpdir(), 'claude-code-home-')),
    env: {
      ANTHROPIC_BASE_URL: gateway.origin,
      ANTHROPIC_API_KEY: apiKey,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      // A failure should end the run, not start minutes of backoff.
      CLAUDE_CODE_MAX_RETRIES: '1',
    },
    timeoutMs: 90_000,
  })
}

describe('Claude Code, default model, headless', () => {
  it('completes a task through a tool round trip: the command runs and its result reaches the model', async () => {
    expect(existsSync(claudeBinary)).toBe(true)
    const workspace = mkdtempSync(join(tmpdir(), 'claude-code-workspace-'))
    const before = gateway.emulator.state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).length
    const run = await runClaudeCode('Use the Bash tool to run `echo emulator-ok > result.txt && cat result.txt`', workspace)
    if (run.exitCode !== 0) throw new Error(`claude exited ${run.exitCode}: ${run.stdout.slice(-2000)} ${run.stderr.slice(-2000)}`)
    const output = JSON.parse(run.stdout) as ClaudeResult
    expect(output.subtype).toBe('success')
    expect(output.is_error).toBe(false)
    // Turn 1: the model asks for Bash; turn 2: it answers after the tool result.
    expect(output.num_turns).toBe(2)
    expect(output.stop_reason).toBe('end_turn')
    expect(Object.keys(output.modelUsage)[0]).toStartWith('claude-')
    // The command really ran, in the workspace, and its output went back to the model.
    expect(readFileSync(join(workspace, 'result.txt'), 'utf8')).toBe('emulator-ok\n')
    expect(gateway.emulator.state.lastPrompt).toContain('Tool result (Bash): emulator-ok')
    expect(output.result).toStartWith('Emulated answer to: ')
    const turns = gateway.emulator.state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).length - before
    expect(turns).toBe(2)
    // Both turns were streamed Messages calls, admitted by the key it sent, and its Claude name
    // (claude-opus-…) was served by the model the name rules give it.
    const calls = gateway.testApp.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'request' && line.path === '/v1/messages')
    expect(calls.map((call) => [call.status, call.stream, call.model])).toEqual([
      [200, true, 'gemini-3.0-pro'],
      [200, true, 'gemini-3.0-pro'],
    ])
  }, 120_000)
})
