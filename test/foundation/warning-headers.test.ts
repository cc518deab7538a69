/**
 * Warnings travel in the stream-start part and reach the caller as headers, in every format and
 * whether the answer is streamed or whole: fields the decoder accepted but cannot honour, and
 * older turns the backend had to leave out.
 */

import { describe, expect, it } from 'bun:test'
import type { StreamPart } from '../../src/core/ir.ts'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'
import { createFakeBackend } from '../helpers/fake-backend.ts'

const truncatedAnswer: StreamPart[] = [
  { type: 'stream-start', warnings: [{ type: 'context-truncated', message: 'the 3 oldest turns were left out' }] },
  { type: 'text-delta', text: 'Hello' },
  { type: 'finish', reason: 'stop', raw: '2' },
]

describe('warning headers', () => {
  const { app } = createTestApp({ backend: createFakeBackend(() => truncatedAnswer) })

  it('lists ignored fields of a whole OpenAI chat answer', async () => {
    const response = await app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], presence_penalty: 1, logprobs: true }))
    expect(response.status).toBe(200)
    expect(response.headers.get('x-gemini-reverse-ignored-fields')).toBe('presence_penalty, logprobs')
    expect(response.headers.get('x-gemini-reverse-context')).toBe('truncated')
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('Hello')
  })

  it('sets the headers of a stream before its first byte, and sends no frame for them', async () => {
    const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: 'hi', safetySettings: [] }))
    expect(response.headers.get('x-gemini-reverse-ignored-fields')).toBe('safetySettings')
    expect(response.headers.get('x-gemini-reverse-context')).toBe('truncated')
    const events = (await response.text()).split('\n\n').filter(Boolean)
    expect(events).toHaveLength(2)
    expect(events[0]).toContain('"text":"Hello"')
  })

  it('sends no warning header when there is nothing to say', async () => {
    const { app: plain } = createTestApp()
    const response = await plain.handle(postJson('/v1/responses', { model: 'gemini-2.5-flash', input: 'hi', stream: true }))
    expect(response.headers.get('x-gemini-reverse-ignored-fields')).toBeNull()
    expect(response.headers.get('x-gemini-reverse-context')).toBeNull()
    await response.text()
  })
})
