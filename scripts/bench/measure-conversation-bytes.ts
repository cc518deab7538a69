/**
 * Bytes sent upstream per turn for a 30-turn chat, with conversations continued upstream and
 * without (the whole history resent each time): the gateway runs in this process against the
 * emulator, a client resends its history as APIs do, and the emulator's request log gives the
 * size of every StreamGenerate body. Deterministic: no timing is involved.
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../src/config/load-config.ts'
import { startEmulator } from '../../src/demo/emulator/index.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createRuntime } from '../../src/runtime.ts'

export type ConversationBytes = { turns: number; withConversations: { total: number; lastTurn: number }; without: { total: number; lastTurn: number } }

async function runChat(conversations: boolean, turns: number): Promise<{ total: number; lastTurn: number }> {
  const emulator = await startEmulator()
  const config = buildConfig({
    file: {
      dataDir: mkdtempSync(join(tmpdir(), 'bench-conversations-')),
      rateLimit: { enabled: false },
      conversations: { enabled: conversations },
      upstream: { rotationIntervalSeconds: 0, origin: emulator.origin },
      accountPool: { pageRefreshIntervalSeconds: 0 },
      accounts: [{ id: 'bench', psid: 'psid-bench' }],
    },
    env: {},
  })
  const runtime = createRuntime(config, createLogger({ level: 'silent' }))
  await runtime.start()
  const messages: Array<{ role: string; content: string }> = [{ role: 'system', content: 'You are a helpful assistant. Answer in two or three sentences.' }]
  const sizes: number[] = []
  try {
    for (let turn = 1; turn <= turns; turn++) {
      messages.push({ role: 'user', content: `Turn ${turn}: tell me one more fact about the history of the printing press, please, with a date.` })
      const response = await runtime.app.handle(new Request('http://localhost/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gemini-2.5-flash', messages }) }))
      const answer = (await response.json()) as { choices: Array<{ message: { content: string } }> }
      messages.push({ role: 'assistant', content: answer.choices[0]!.message.content })
      const sent = emulator.state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).at(-1)
      sizes.push(new URLSearchParams(sent?.form ?? {}).toString().length)
    }
  } finally {
    await runtime.stop()
    await emulator.stop()
  }
  return { total: sizes.reduce((sum, size) => sum + size, 0), lastTurn: sizes.at(-1) ?? 0 }
}

export async function measureConversationBytes(turns = 30): Promise<ConversationBytes> {
  return { turns, withConversations: await runChat(true, turns), without: await runChat(false, turns) }
}

if (import.meta.main) console.log(JSON.stringify(await measureConversationBytes(), null, 2))
