import { describe, expect, test } from 'bun:test'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { useEmulator } from '../../../test/helpers/use-emulator.ts'
import { createGeminiWebBackend } from './index.ts'
import { collect, createCallContext, createTestConfig, findModel, textRequest } from '../../../test/helpers/gemini-web-test-support.ts'
import { silentLogger } from '../../lib/logger.ts'

const emulator = useEmulator()

function createBackend(options: Parameters<typeof createTestConfig>[1] = {}) {
  const config = createTestConfig(emulator().origin, options)
  return { config, backend: createGeminiWebBackend({ config, logger: silentLogger }) }
}

const flash = findModel('gemini-2.5-flash')

describe('answers', () => {
  test('a text answer: metadata first, text deltas, finish stop', async () => {
    const { backend } = createBackend()
    const result = await collect(backend, textRequest('Hello there'), flash)
    expect(result.thrown).toBeNull()
    expect(result.text).toBe('Emulated answer to: Hello there')
    expect(result.parts[0]?.type).toBe('metadata')
    const metadata = Object.assign({}, ...result.parts.flatMap((part) => (part.type === 'metadata' ? [part.metadata] : []))) as { conversationId?: string; upstreamModel?: string }
    expect(metadata.conversationId?.startsWith('c_')).toBe(true)
    expect(typeof metadata.upstreamModel).toBe('string')
    expect(result.parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', raw: '2' })
    expect(result.parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(1)
    expect(backend.status().ready).toBe(true)
  })

  test('a thinking answer: thoughts before text', async () => {
    const { backend } = createBackend()
    const result = await collect(backend, textRequest('Why is the sky blue?'), findModel('gemini-3.0-pro'))
    expect(result.thrown).toBeNull()
    expect(result.thoughts.length).toBeGreaterThan(0)
    const firstThought = result.parts.findIndex((part) => part.type === 'thought-delta')
    const firstText = result.parts.findIndex((part) => part.type === 'text-delta')
    expect(firstThought).toBeGreaterThan(-1)
    expect(firstThought).toBeLessThan(firstText)
    expect(result.text).toBe('Emulated answer to: Why is the sky blue?')
  })

  test('a continued conversation sends cid/rid/rcid and the context token, and only the new turn', async () => {
    const { backend } = createBackend()
    const first = await collect(backend, textRequest('My name is Alice', { systemInstruction: 'Be brief.' }), flash)
    expect(first.thrown).toBeNull()
    const continuation = first.parts.flatMap((part) => (part.type === 'metadata' && part.metadata.continuation ? [part.metadata.continuation] : []))[0]
    expect(continuation?.account).toBe('default')
    const conversationsBefore = emulator().state.conversations
    const messages = [
      { role: 'user' as const, parts: [{ type: 'text' as const, text: 'My name is Alice' }] },
      { role: 'assistant' as const, parts: [{ type: 'text' as const, text: first.text }] },
      { role: 'user' as const, parts: [{ type: 'text' as const, text: 'What is my name?' }] },
    ]
    const second = await collect(backend, textRequest('', { systemInstruction: 'Be brief.', messages, continuation: { ...continuation!, consumedMessages: 2 } }), flash)
    expect(second.thrown).toBeNull()
    expect(second.text).toBe('Emulated answer to: What is my name?')
    expect(emulator().state.lastPrompt).toBe('What is my name?')
    const metadata = second.parts[0]?.type === 'metadata' ? second.parts[0].metadata : null
    expect(metadata?.conversationId).toBe((continuation!.state as { conversationId: string }).conversationId)
    expect(emulator().state.conversations).toBe(conversationsBefore)
  })

  test('a continuation of another model or another account starts over with the whole history; a strict one fails clearly', async () => {
    const { backend } = createBackend()
    const first = await collect(backend, textRequest('Hello'), flash)
    const continuation = first.parts.flatMap((part) => (part.type === 'metadata' && part.metadata.continuation ? [part.metadata.continuation] : []))[0]!
    const messages = [
      { role: 'user' as const, parts: [{ type: 'text' as const, text: 'Hello' }] },
      { role: 'assistant' as const, parts: [{ type: 'text' as const, text: first.text }] },
      { role: 'user' as const, parts: [{ type: 'text' as const, text: 'Again' }] },
    ]
    const otherAccount = await collect(backend, textRequest('', { messages, continuation: { ...continuation, account: 'gone', consumedMessages: 2 } }), flash)
    expect(otherAccount.thrown).toBeNull()
    expect(emulator().state.lastPrompt).toContain('Conversation so far:')
    const otherModel = await collect(backend, textRequest('', { messages, continuation: { ...continuation, consumedMessages: 2 } }), findModel('gemini-2.5-pro'))
    expect(otherModel.thrown).toBeNull()
    const strict = await collect(backend, textRequest('Again', { continuation: { ...continuation, account: 'gone', consumedMessages: 0, strict: true } }), flash)
    expect(strict.thrown?.param).toBe('previous_response_id')
  })

  test('an image answer: the image is downloaded at the model size, dimensions read from the bytes', async () => {
    const { backend } = createBackend()
    const model = findModel('gemini-3-pro-image-preview')
    const result = await collect(backend, textRequest('generate an image of a cat', { task: 'image-generation' }), model)
    expect(result.thrown).toBeNull()
    expect(result.error).toBeNull()
    const images = result.parts.flatMap((part) => (part.type === 'image' ? [part.image] : []))
    expect(images.length).toBeGreaterThan(0)
    expect(Math.max(images[0]?.width ?? 0, images[0]?.height ?? 0)).toBe(2048)
    expect(['image/png', 'image/jpeg']).toContain(images[0]?.mimeType ?? '')
    expect(result.text).not.toContain('googleusercontent.com')
  })

  test('an original-size image (=s0) and the small model (=s1024)', async () => {
    const { backend } = createBackend()
    const large = await collect(backend, textRequest('draw a dog'), findModel('gemini-3-pro-image-preview-4k'))
    const largeImage = large.parts.find((part) => part.type === 'image')
    expect(largeImage?.type === 'image' && Math.max(largeImage.image.width, largeImage.image.height)).toBe(2048)
    const small = await collect(backend, textRequest('draw a dog'), findModel('gemini-2.5-flash-image'))
    const smallImage = small.parts.find((part) => part.type === 'image')
    expect(smallImage?.type === 'image' && Math.max(smallImage.image.width, smallImage.image.height)).toBe(1024)
  })

  test('an upload: the image is sent to the upload host and referenced', async () => {
    const { backend } = createBackend()
    const uploadsBefore = emulator().state.uploads
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
    const request = textRequest('', { messages: [{ role: 'user', parts: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image', source: { kind: 'bytes', data: png, mimeType: 'image/png' }, filename: 'pixel.png' }] }] })
    const result = await collect(backend, request, flash)
    expect(result.thrown).toBeNull()
    expect(emulator().state.uploads).toBe(uploadsBefore + 1)
    expect(result.text).toBe('Emulated answer to: What is in this picture?')
  })

  test('a leftover url attachment is the caller\'s error', async () => {
    const { backend } = createBackend()
    const request = textRequest('', { messages: [{ role: 'user', parts: [{ type: 'text', text: 'look' }, { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] }] })
    expect((await collect(backend, request, flash)).thrown?.kind).toBe('invalid_request')
  })

  test('the account model list (otAQ7b): ids per role, tier, source', async () => {
    const { backend } = createBackend()
    const list = (await backend.listUpstreamModels('default')) as { source: string; tier: string; roles: Record<string, string>; models: Array<{ hex: string }> }
    expect(list.source).toBe('otAQ7b')
    expect(list.tier).toBe('free')
    expect(list.roles).toEqual({ flash: 'fbb127bbb056c959', pro: '9d8ca3786ebdfbea', 'flash-lite': 'cf41b0e0dd7d53e5' })
    expect(list.models.every((model) => /^[0-9a-f]{16}$/.test(model.hex))).toBe(true)
  })

  test('when otAQ7b fails, the page flag gives the ids; the status says so', async () => {
    const { backend } = createBackend()
    await backend.start?.()
    emulator().faults.set('generate-http-status', { status: 500, times: 1 })
    const list = (await backend.listUpstreamModels('default')) as { source: string; roles: Record<string, string>; error?: string }
    expect(list.source).toBe('page')
    expect(list.roles).toEqual({ pro: '9d8ca3786ebdfbea', flash: 'fbb127bbb056c959' })
    expect(list.error).toBeString()
    expect(backend.status().accounts[0]?.models?.source).toBe('page')
    await backend.stop?.()
  })

  test('the caller going away aborts the upstream stream', async () => {
    const { backend } = createBackend()
    emulator().faults.set('stall-after-frames', { frames: 2 })
    const controller = new AbortController()
    const parts: string[] = []
    let thrown: unknown = null
    try {
      for await (const part of backend.stream(textRequest('Hello'), flash, createCallContext(controller.signal))) {
        parts.push(part.type)
        if (parts.length === 1) controller.abort()
      }
    } catch (error) {
      thrown = error
    }
    expect(thrown === null ? parts.at(-1) : (thrown as { kind: string }).kind).toBe(thrown === null ? 'error' : 'client_closed')
  })
})

describe('status never reveals a cookie', () => {
  test('status holds names only', async () => {
    const { backend } = createBackend({ psid: 'very-secret-psid-value' })
    await backend.start?.()
    const text = JSON.stringify(backend.status())
    expect(text).not.toContain('very-secret-psid-value')
    expect(text).toContain('__Secure-1PSID')
    await backend.stop?.()
  })
})

describe('persistence', () => {
  test('a new backend on the same dataDir has the same cookies (mode 0600)', async () => {
    const { config, backend } = createBackend()
    await backend.start?.()
    await backend.rotateNow('default')
    const issued = emulator().state.currentPsidts
    expect(issued).not.toBeNull()
    await backend.stop?.()
    const file = join(config.dataDir, 'accounts', 'default.cookies.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const again = createGeminiWebBackend({ config, logger: silentLogger })
    await again.start?.()
    const generationsBefore = emulator().state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).length
    const result = await collect(again, textRequest('Hello again'), flash)
    expect(result.thrown).toBeNull()
    expect(emulator().state.requests.filter((request) => request.path.endsWith('/StreamGenerate')).length).toBe(generationsBefore + 1)
    expect(again.status().accounts[0]?.lastRotationAt).not.toBeNull()
    const stored = await Bun.file(file).text()
    expect(stored).toContain(issued ?? 'missing')
    await again.stop?.()
  })
})
