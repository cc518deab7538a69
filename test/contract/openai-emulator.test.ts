/**
 * End to end with the real Gemini web backend against the emulator of Google's web endpoints:
 * the official OpenAI clients get text, streamed text with reasoning, a multi-turn history and a
 * generated image through this server, with no fake backend in between.
 */

import { createOpenAI } from '@ai-sdk/openai'
import { streamText } from 'ai'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'
import OpenAI from 'openai'
import { undeliveredImageNotice } from '../../src/formats/openai/chat/chat-output.ts'

let gateway: EmulatedGateway
let client: OpenAI
let base: string

beforeAll(async () => {
  gateway = await startEmulatedGateway()
  base = `${gateway.origin}/v1`
  client = new OpenAI({ apiKey: 'gemini-reverse-2025', baseURL: base, maxRetries: 0 })
})

afterAll(() => gateway.stop())

describe('OpenAI format over the emulated web backend', () => {
  test('chat.completions.create', async () => {
    const completion = await client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hello there' }] })
    expect(completion.choices[0]?.message.content).toBe('Emulated answer to: Hello there')
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0)
  })

  test('a stream from a thinking model carries reasoning, then text, then usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gemini-3.0-pro', messages: [{ role: 'user', content: 'Why is the sky blue?' }], stream: true, stream_options: { include_usage: true } })
    let text = ''
    let reasoning = ''
    let usage = 0
    let chunks = 0
    for await (const chunk of stream) {
      chunks += 1
      text += chunk.choices[0]?.delta.content ?? ''
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? ''
      if (chunk.usage) usage = chunk.usage.completion_tokens_details?.reasoning_tokens ?? 0
      if (chunks > 500) break
    }
    expect(text).toBe('Emulated answer to: Why is the sky blue?')
    expect(reasoning).toContain('Emulated thoughts about')
    expect(usage).toBeGreaterThan(0)
  })

  test('a history with a system message reaches the upstream as one prompt', async () => {
    const final = await client.chat.completions
      .stream({
        model: 'gemini-2.5-flash',
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'First question' },
          { role: 'assistant', content: 'First answer' },
          { role: 'user', content: 'Second question' },
        ],
      })
      .finalChatCompletion()
    const content = final.choices[0]?.message.content ?? ''
    expect(content).toStartWith('Emulated answer to: ')
    // The emulator echoes the start of the prompt: the backend's layout with the system text first.
    expect(content).toContain('System instructions:\nBe terse.\n\nConversation so far:')
  })

  test('an image model answers in chat with a delivery notice, never base64', async () => {
    const completion = await client.chat.completions.create({ model: 'gemini-2.5-flash-image', messages: [{ role: 'user', content: 'draw a red square' }] })
    const content = completion.choices[0]?.message.content ?? ''
    expect(content).toContain(undeliveredImageNotice)
    expect(content).not.toContain('base64')
    expect(content.length).toBeLessThan(2000)
  })

  test('@ai-sdk/openai streamText', async () => {
    const provider = createOpenAI({ baseURL: base, apiKey: 'test' })
    const result = streamText({ model: provider.chat('gemini-2.5-flash'), prompt: 'Stream please', maxRetries: 0 })
    let text = ''
    for await (const delta of result.textStream) text += delta
    expect(text).toBe('Emulated answer to: Stream please')
    expect(await result.finishReason).toBe('stop')
  })
})
