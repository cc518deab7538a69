/**
 * The Gemini routes over plain HTTP (curl's view): the guide's example, the JSON-array stream,
 * keep-alive frames between slow parts, and the 400s that name the field at fault.
 */

import { describe, expect, test } from 'bun:test'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'

describe('Gemini routes over HTTP', () => {
  test("the guide's curl example returns an answer", async () => {
    const { app, fake } = createTestApp()
    const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:generateContent', '{"contents":[{"parts":[{"text":"你好"}]}]}'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    const body = (await response.json()) as { candidates: Array<{ content: { role: string; parts: Array<{ text: string }> }; finishReason: string }>; responseId: string }
    expect(body.candidates[0]!.content).toEqual({ role: 'model', parts: [{ text: 'Hello world' }] })
    expect(body.candidates[0]!.finishReason).toBe('STOP')
    expect(body.responseId).toBe(response.headers.get('x-request-id')!)
    expect(fake!.calls[0]!.request.messages).toEqual([{ role: 'user', parts: [{ type: 'text', text: '你好' }] }])
  })

  test('every prefix and the models/ form of the model reach the same handler', async () => {
    const { app } = createTestApp()
    for (const path of ['/gemini/v1/models/gemini-2.5-flash:generateContent', '/v1beta/models/models/gemini-2.5-flash:generateContent', '/v1/models/gemini-flash:generateContent']) {
      const response = await app.handle(postJson(path, { contents: 'hi' }))
      expect(response.status).toBe(200)
      const body = (await response.json()) as { modelVersion: string }
      expect(body.modelVersion).toBe(path.includes('gemini-flash:') ? 'gemini-flash' : 'gemini-2.5-flash')
    }
  })

  test('a slow stream stays valid JSON with keep-alive whitespace between elements', async () => {
    const { app, fake } = createTestApp({ config: { server: { keepAliveSeconds: 0.02 } } })
    fake!.delayMs = 120
    const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent', { contents: 'hi' }))
    expect(response.headers.get('content-type')).toContain('application/json')
    const chunks = JSON.parse(await response.text()) as Array<{ candidates: Array<{ content: { parts: Array<{ text: string }> } }> }>
    expect(chunks.map((chunk) => chunk.candidates[0]!.content.parts[0]!.text).join('')).toBe('Hello world')
  })

  test('a slow SSE stream carries comment keep-alives the SSE reader skips', async () => {
    const { app, fake } = createTestApp({ config: { server: { keepAliveSeconds: 0.02 } } })
    fake!.delayMs = 120
    const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: 'hi' }))
    const events = (await response.text()).split('\n\n').filter(Boolean)
    const data = events.filter((event) => event.startsWith('data: ')).map((event) => JSON.parse(event.slice(6)) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> })
    expect(data.map((chunk) => chunk.candidates[0]!.content.parts[0]!.text).join('')).toBe('Hello world')
    expect(events.every((event) => event.startsWith('data: ') || event === ': keep-alive')).toBe(true)
  })

  test('bad requests get 400 INVALID_ARGUMENT naming the field', async () => {
    const { app, fake } = createTestApp()
    const cases: Array<[unknown, string]> = [
      [{ contents: 'x', generationConfig: { candidateCount: 2 } }, 'generationConfig.candidateCount'],
      [{ contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: '@@@' } }] }] }, 'contents[0].parts[0].inlineData.data'],
      [{ contents: [{ parts: 'hello' }] }, 'contents[0].parts'],
      [{ contents: [{ parts: [{ fileData: { fileUri: 'files/abc' } }] }] }, 'contents[0].parts[0].fileData.fileUri'],
    ]
    for (const [body, field] of cases) {
      const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:generateContent', body))
      expect(response.status).toBe(400)
      const error = ((await response.json()) as { error: { code: number; status: string; message: string } }).error
      expect(error.code).toBe(400)
      expect(error.status).toBe('INVALID_ARGUMENT')
      expect(error.message).toContain(field)
    }
    expect(fake!.calls).toHaveLength(0)
  })

  test('editImage answers unsupported for now, in Google\'s envelope', async () => {
    const { app } = createTestApp()
    const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash-image:editImage', { contents: 'x' }))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT')
  })

  test('countTokens takes generateContentRequest too', async () => {
    const { app } = createTestApp()
    const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash:countTokens', { generateContentRequest: { model: 'models/gemini-2.5-flash', contents: [{ parts: [{ text: 'abcdefgh' }] }] } }))
    expect(await response.json()).toEqual({ totalTokens: 2 })
  })
})
