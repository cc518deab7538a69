/**
 * Issue reproducers: prototype keys reached code as values. A file named `a.constructor` or
 * `a.__proto__` gave 500; `reasoning_effort: "constructor"` (and `toString`, `__proto__`,
 * `valueOf`) was accepted where `"bogus"` is refused; `…:constructor` was taken for an operation.
 * Every table keyed by a wire value now answers own keys only, so each is a 400 or 404 like any
 * unknown value. Also: a pool with no signed-in account answers 503 with Retry-After.
 */

import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../../src/core/errors.ts'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'

const prototypeWords = ['constructor', '__proto__', 'toString', 'valueOf']

async function statusAndMessage(response: Response) {
  return { status: response.status, message: ((await response.json()) as { error: { message: string } }).error.message }
}

describe('wire values that name prototype members', () => {
  it.each(['a.constructor', 'a.__proto__', 'a.toString'])('a file named %s gives no 500 (chat and Responses)', async (filename) => {
    const { app } = createTestApp()
    const body = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: [{ type: 'file', file: { filename, file_data: 'data:;base64,aGVsbG8=' } }, { type: 'text', text: 'read it' }] }] }
    const answer = await app.handle(postJson('/v1/chat/completions', body))
    expect(answer.status).toBeLessThan(500)
    const responses = await app.handle(postJson('/v1/responses', { model: 'gemini-2.5-flash', input: [{ role: 'user', content: [{ type: 'input_file', filename, file_data: 'aGVsbG8=' }] }] }))
    expect(responses.status).toBeLessThan(500)
  })

  it.each(prototypeWords)('reasoning effort "%s" is refused like "bogus"', async (word) => {
    const { app } = createTestApp()
    const bogus = await statusAndMessage(await app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', reasoning_effort: 'bogus', messages: [{ role: 'user', content: 'hi' }] })))
    expect(bogus.status).toBe(400)
    const chat = await statusAndMessage(await app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', reasoning_effort: word, messages: [{ role: 'user', content: 'hi' }] })))
    expect(chat.status).toBe(400)
    expect(chat.message).toBe(bogus.message.replace('bogus', word))
    const responses = await app.handle(postJson('/v1/responses', { model: 'gemini-2.5-flash', reasoning: { effort: word }, input: 'hi' }))
    expect(responses.status).toBe(400)
  })

  it.each(prototypeWords)('POST …/models/gemini-2.5-flash:%s is no operation', async (word) => {
    const { app, fake } = createTestApp()
    const response = await app.handle(postJson(`/v1beta/models/gemini-2.5-flash:${word}`, { contents: [{ parts: [{ text: 'hi' }] }] }))
    expect(response.status).toBe(404)
    expect(fake!.calls).toHaveLength(0)
  })
})

describe('a pool without a signed-in account', () => {
  it('answers 503 with Retry-After', async () => {
    const backend = {
      id: 'gemini-web',
      status: () => ({ ready: false, demo: false, accounts: [] }),
      // What the account pool throws when every account is signed out (src/backends/gemini-web/account-pool.ts).
      stream: async function* () {
        yield* []
        throw new ProxyError('upstream_unauthenticated', 'No Gemini account has a signed-in session', { retryAfterSeconds: 300 })
      },
    }
    const { app } = createTestApp({ backend })
    const response = await app.handle(postJson('/v1/chat/completions', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('300')
  })
})
