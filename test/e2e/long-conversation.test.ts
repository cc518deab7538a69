/**
 * A long conversation arrives whole: the upstream (the emulator, like Google) reads about 130 KB of
 * a prompt and cuts the rest from the end, so without src/backends/gemini-web/fit-prompt.ts the
 * newest user turn would be lost. Through the OpenAI chat and Gemini formats, the newest turn's
 * marker must reach the model, older turns must travel in the uploaded conversation file, and the
 * caller is told when the oldest turns had to be left out.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'

let gateway: EmulatedGateway

beforeAll(async () => {
  gateway = await startEmulatedGateway()
})

afterAll(async () => {
  await gateway.stop()
})

/** `turns` alternating user/assistant turns of about 1 KB each, oldest first, each naming its number. */
function history(turns: number): Array<{ role: 'user' | 'assistant'; text: string }> {
  return Array.from({ length: turns }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', text: `turn-${index + 1} ${'lorem ipsum dolor sit amet '.repeat(38)}` }))
}

function lastUploadedText(): string {
  return [...gateway.emulator.state.uploadedTexts.values()].at(-1) ?? ''
}

async function askOpenAI(turns: number, marker: string) {
  const messages = [...history(turns).map((turn) => ({ role: turn.role, content: turn.text })), { role: 'user', content: `What was my first question? ${marker}` }]
  const response = await fetch(`${gateway.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gemini-2.5-flash', messages }) })
  expect(response.status).toBe(200)
  await response.json()
  return response.headers.get('x-gemini-reverse-context')
}

async function askGemini(turns: number, marker: string) {
  const contents = [...history(turns).map((turn) => ({ role: turn.role === 'user' ? 'user' : 'model', parts: [{ text: turn.text }] })), { role: 'user', parts: [{ text: `Summarise. ${marker}` }] }]
  const response = await fetch(`${gateway.origin}/gemini/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents }) })
  expect(response.status).toBe(200)
  await response.text()
  return response.headers.get('x-gemini-reverse-context')
}

describe('long conversations arrive whole', () => {
  it('OpenAI chat, 300 KB: the newest turn reaches the model, the oldest turns are left out and the caller is told', async () => {
    const header = await askOpenAI(300, 'MARKER-openai-7f3a')
    const prompt = gateway.emulator.state.lastPrompt ?? ''
    expect(prompt).toContain('MARKER-openai-7f3a')
    expect(new TextEncoder().encode(prompt).byteLength).toBeLessThan(130 * 1024)
    expect(lastUploadedText()).toContain('turn-300 ')
    expect(lastUploadedText()).not.toContain('turn-1 ')
    expect(prompt).toContain('oldest turns were left out')
    expect(header).toBe('truncated')
  })

  it('Gemini stream, 300 KB: the same, through the other format', async () => {
    const header = await askGemini(300, 'MARKER-gemini-91c2')
    expect(gateway.emulator.state.lastPrompt).toContain('MARKER-gemini-91c2')
    expect(lastUploadedText()).toContain('turn-300 ')
    expect(header).toBe('truncated')
  })

  it('a conversation over the inline limit but within the file limit travels whole, with no warning', async () => {
    const header = await askOpenAI(120, 'MARKER-whole-5d1e')
    expect(gateway.emulator.state.lastPrompt).toContain('MARKER-whole-5d1e')
    expect(lastUploadedText()).toContain('turn-1 ')
    expect(lastUploadedText()).toContain('turn-120 ')
    expect(header).toBeNull()
  })
})
