/**
 * Bad input never gets a 500: every POST route of every format answers malformed bodies with a
 * 4xx in its own envelope, and the backend is never called for them.
 */

import { describe, expect, it } from 'bun:test'
import { builtinFormats } from '../../src/formats/index.ts'
import { createTestApp } from '../helpers/create-test-app.ts'

const bodies: Array<[string, string, string]> = [
  ['empty body', '', 'application/json'],
  ['null', 'null', 'application/json'],
  ['an array', '[]', 'application/json'],
  ['a string', '"hello"', 'application/json'],
  ['a number', '42', 'application/json'],
  ['truncated JSON', '{"model":"gemini-2.5-flash","messages":[', 'application/json'],
  ['wrong types', '{"model":123,"messages":"hi","contents":{},"prompt":[]}', 'application/json'],
  ['deep nesting', '['.repeat(5000) + ']'.repeat(5000), 'application/json'],
  ['binary', '\u0000\u0001\u0002\u00ff', 'application/octet-stream'],
  ['form without boundary', 'a=b', 'multipart/form-data'],
  ['url-encoded', 'model=gemini-2.5-flash&prompt=x', 'application/x-www-form-urlencoded'],
]

const paths: Array<[string, string]> = [
  ['openai', '/v1/chat/completions'],
  ['openai', '/v1/generate'],
  ['openai', '/v1/images/generations'],
  ['openai', '/v1/images/edits'],
  ['openai', '/v1/responses'],
  ['gemini', '/gemini/v1beta/models/gemini-2.5-flash:generateContent'],
  ['gemini', '/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'],
  ['gemini', '/v1beta/models/gemini-2.5-flash:countTokens'],
  ['gemini', '/gemini/v1/models/gemini-2.5-flash-image:editImage'],
  ['anthropic', '/v1/messages'],
  ['anthropic', '/v1/messages?beta=true'],
  ['anthropic', '/v1/messages/count_tokens'],
]

describe('malformed input', () => {
  it('covers every registered format', () => {
    expect(new Set(builtinFormats.map((format) => format.id.split('-')[0]))).toEqual(new Set(paths.map(([formatId]) => formatId)))
  })
  for (const [formatId, path] of paths) {
    it.each(bodies)(`${path} answers %s with a 4xx in the ${formatId} envelope`, async (_label, body, contentType) => {
      const { app, fake } = createTestApp({ config: { rateLimit: { enabled: false } } })
      const response = await app.handle(new Request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': contentType }, body }))
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.status).toBeLessThan(500)
      const parsed = (await response.json()) as { error: { message: string; type?: string; status?: string } }
      expect(parsed.error.message.length).toBeGreaterThan(0)
      if (formatId === 'openai') expect(typeof parsed.error.type).toBe('string')
      else if (formatId === 'anthropic') expect((parsed as unknown as { type: string }).type).toBe('error')
      else expect(typeof parsed.error.status).toBe('string')
      expect(fake!.calls).toHaveLength(0)
    })
  }
})
