import { describe, expect, test } from 'bun:test'
import { getPath } from '../helpers/create-test-app.ts'
import { createAccessApp, geminiGenerate, openAIChat, passedAccess } from './access-app.ts'

const keyed = { access: { apiKeys: [{ key: 'sk-test-alpha-0001', name: 'alpha' }] }, rateLimit: { enabled: false } }

describe('API keys through the app', () => {
  test('without configured keys any value (or none) is accepted, as the guide describes', async () => {
    const { app } = createAccessApp({ rateLimit: { enabled: false } })
    expect(passedAccess(await app.handle(openAIChat('gemini-2.5-flash', { authorization: 'Bearer gemini-reverse-2025' })))).toBe(true)
    expect(passedAccess(await app.handle(geminiGenerate()))).toBe(true)
  })

  test('each key location is accepted, in both formats', async () => {
    const { app } = createAccessApp(keyed)
    const locations: Array<[Record<string, string>, string]> = [
      [{ authorization: 'Bearer sk-test-alpha-0001' }, ''],
      [{ 'x-goog-api-key': 'sk-test-alpha-0001' }, ''],
      [{ 'x-api-key': 'sk-test-alpha-0001' }, ''],
      [{}, '?key=sk-test-alpha-0001'],
    ]
    for (const [headers, query] of locations) {
      expect(passedAccess(await app.handle(openAIChat('gemini-2.5-flash', headers, query)))).toBe(true)
      expect(passedAccess(await app.handle(geminiGenerate('gemini-2.5-flash', headers, query)))).toBe(true)
    }
    // The same request without the key is refused, so the passes above are the key's doing.
    expect(passedAccess(await app.handle(geminiGenerate()))).toBe(false)
  })

  test('a wrong or missing key gets 401 in the OpenAI envelope', async () => {
    const { app, fake, logLines } = createAccessApp(keyed)
    for (const headers of [{ authorization: 'Bearer sk-test-alpha-0002' }, {}] as Array<Record<string, string>>) {
      const response = await app.handle(openAIChat('gemini-2.5-flash', headers))
      expect(response.status).toBe(401)
      const body = (await response.json()) as { error: { type: string; code: string; message: string } }
      expect(body.error.type).toBe('authentication_error')
      expect(body.error.code).toBe('invalid_api_key')
      expect(JSON.stringify(body)).not.toContain('sk-test-alpha')
    }
    expect(fake!.calls).toHaveLength(0)
    expect(logLines.join('\n')).not.toContain('sk-test-alpha')
  })

  test('a wrong key gets 401 in the Gemini envelope, also through ?key=', async () => {
    const { app } = createAccessApp(keyed)
    for (const [headers, query] of [[{ 'x-goog-api-key': 'wrong-key-123' }, ''], [{}, '?key=wrong-key-123']] as const) {
      const response = await app.handle(geminiGenerate('gemini-2.5-flash', headers, query))
      expect(response.status).toBe(401)
      const body = (await response.json()) as { error: { status: string; code: number } }
      expect(body.error).toMatchObject({ status: 'UNAUTHENTICATED', code: 401 })
    }
  })

  test('model lists need the key too when keys are configured; /health does not', async () => {
    const { app } = createAccessApp(keyed)
    expect((await app.handle(getPath('/v1/models'))).status).toBe(401)
    expect((await app.handle(getPath('/v1/models', { authorization: 'Bearer sk-test-alpha-0001' }))).status).toBe(200)
    expect((await app.handle(getPath('/health'))).status).toBe(200)
  })
})
