/**
 * Conversations continue upstream: a 30-turn chat through each format, the client resending its
 * whole history as APIs do, makes ONE upstream conversation, and each turn sends only the new
 * turn. The continuations survive a restart (SQLite under DATA_DIR). The Responses API's
 * previous_response_id continues a stored response.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../src/config/load-config.ts'
import { startEmulator, type Emulator } from '../../src/demo/emulator/index.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime, type Runtime } from '../../src/runtime.ts'
import { postJson } from '../helpers/create-test-app.ts'

let emulator: Emulator
const dataDir = mkdtempSync(join(tmpdir(), 'conversations-'))
let runtime: Runtime

async function startRuntime(): Promise<Runtime> {
  const config = buildConfig({
    file: { dataDir, rateLimit: { enabled: false }, upstream: { rotationIntervalSeconds: 0, origin: emulator.origin }, accountPool: { pageRefreshIntervalSeconds: 0 }, accounts: [{ id: 'main', psid: 'psid-main' }] },
    env: {},
  })
  const started = createRuntime(config, createLogger({ level: 'silent' }))
  await started.start()
  return started
}

beforeAll(async () => {
  emulator = await startEmulator()
  runtime = await startRuntime()
})

afterAll(async () => {
  await runtime.stop()
  await emulator.stop()
})

type Turn = { user: string; assistant: string }

async function askOpenAI(history: Turn[], question: string): Promise<string> {
  const messages = [{ role: 'system', content: 'Be brief.' }, ...history.flatMap((turn) => [{ role: 'user', content: turn.user }, { role: 'assistant', content: turn.assistant }]), { role: 'user', content: question }]
  const response = await runtime.app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', messages }))
  expect(response.status).toBe(200)
  return ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content
}

async function askGemini(history: Turn[], question: string): Promise<string> {
  const contents = [...history.flatMap((turn) => [{ role: 'user', parts: [{ text: turn.user }] }, { role: 'model', parts: [{ text: turn.assistant }] }]), { role: 'user', parts: [{ text: question }] }]
  const response = await runtime.app.handle(postJson('/gemini/v1beta/models/gemini-2.5-pro:generateContent', { contents }))
  expect(response.status).toBe(200)
  return ((await response.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }).candidates[0]!.content.parts.map((part) => part.text).join('')
}

async function askResponses(history: Turn[], question: string): Promise<string> {
  const input = [...history.flatMap((turn) => [{ role: 'user', content: turn.user }, { role: 'assistant', content: [{ type: 'output_text', text: turn.assistant }] }]), { role: 'user', content: question }]
  const response = await runtime.app.handle(postJson('/v1/responses', { model: 'gemini-3.0-pro', input, store: false }))
  expect(response.status).toBe(200)
  return ((await response.json()) as { output: Array<{ type: string; content?: Array<{ text: string }> }> }).output.find((item) => item.type === 'message')!.content![0]!.text
}

/** Streamed, with displayed thinking: the client sends each answer back whole, thinking block and signature included, as Claude Code does. */
async function askAnthropic(history: Turn[], question: string): Promise<string> {
  const messages = [...history.flatMap((turn) => [{ role: 'user', content: turn.user }, { role: 'assistant', content: JSON.parse(turn.assistant) as unknown }]), { role: 'user', content: question }]
  const response = await runtime.app.handle(postJson('/v1/messages', { model: 'claude-opus-4-1', max_tokens: 4096, stream: true, thinking: { type: 'enabled', budget_tokens: 1024 }, system: [{ type: 'text', text: 'Be brief.' }], messages }))
  expect(response.status).toBe(200)
  const blocks: Array<Record<string, string>> = []
  for (const frame of (await response.text()).split('\n\n')) {
    const data = frame.split('\n').find((line) => line.startsWith('data: '))
    if (!data) continue
    const event = JSON.parse(data.slice('data: '.length)) as { type: string; content_block?: Record<string, string>; delta?: Record<string, string> }
    if (event.type === 'content_block_start') blocks.push({ ...event.content_block })
    if (event.type === 'content_block_delta') {
      const block = blocks.at(-1)!
      const { type, ...fields } = event.delta!
      for (const [key, value] of Object.entries(fields)) block[key] = (block[key] ?? '') + value
      expect(type).toMatch(/_delta$/)
    }
  }
  expect(blocks.map((block) => block.type)).toEqual(['thinking', 'text'])
  return JSON.stringify(blocks)
}

const upstreamPrompts = () => emulator.state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).length

describe.each([
  ['OpenAI chat', askOpenAI],
  ['Gemini', askGemini],
  ['Responses', askResponses],
  ['Anthropic Messages', askAnthropic],
] as const)('a 30-turn chat through %s', (_name, ask) => {
  it('makes one upstream conversation and sends only the new turn each time, also after a restart', async () => {
    const conversationsBefore = emulator.state.conversations
    const history: Turn[] = []
    for (let turn = 1; turn <= 30; turn++) {
      const question = `question number ${turn}`
      const sentBefore = upstreamPrompts()
      history.push({ user: question, assistant: await ask(history, question) })
      expect(upstreamPrompts()).toBe(sentBefore + 1)
      // After the first turn only the new question goes up: no transcript, no system section.
      if (turn > 1) expect(emulator.state.lastPrompt).toBe(question)
    }
    expect(emulator.state.conversations).toBe(conversationsBefore + 1)

    await runtime.stop()
    runtime = await startRuntime()
    await ask(history, 'question after the restart')
    expect(emulator.state.lastPrompt).toBe('question after the restart')
    expect(emulator.state.conversations).toBe(conversationsBefore + 1)
  })
})

describe('conversations start over when they should', () => {
  it('an edited earlier turn, a changed system prompt or the opt-out header start a new upstream conversation', async () => {
    const first = await askOpenAI([], 'hello there')
    const before = emulator.state.conversations
    await askOpenAI([{ user: 'hello there (edited)', assistant: first }], 'and now?')
    expect(emulator.state.conversations).toBe(before + 1)
    expect(emulator.state.lastPrompt).toContain('Conversation so far:')
    const optOut = await runtime.app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello there' }, { role: 'assistant', content: first }, { role: 'user', content: 'fresh' }] }, { 'x-gemini-reverse-conversation': 'new' }))
    expect(optOut.status).toBe(200)
    expect(emulator.state.conversations).toBe(before + 2)
  })
})

describe('Responses previous_response_id', () => {
  it('continues a stored response with only the new input', async () => {
    const firstResponse = await runtime.app.handle(postJson('/v1/responses', { model: 'gemini-2.5-flash', input: 'My name is Alice', store: true }))
    const first = (await firstResponse.json()) as { id: string }
    const before = emulator.state.conversations
    const second = await runtime.app.handle(postJson('/v1/responses', { model: 'gemini-2.5-flash', input: 'What is my name?', previous_response_id: first.id }))
    expect(second.status).toBe(200)
    expect(emulator.state.lastPrompt).toBe('What is my name?')
    expect(emulator.state.conversations).toBe(before)
    const third = await runtime.app.handle(postJson('/v1/responses', { model: 'gemini-2.5-flash', input: 'And again?', previous_response_id: ((await second.json()) as { id: string }).id }))
    expect(third.status).toBe(200)
    expect(emulator.state.conversations).toBe(before)
  })
})
