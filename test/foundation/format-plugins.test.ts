/**
 * A format is one folder plus one registry line: a throwaway format registered beside the
 * built-in ones serves its routes and renders 404 and 405 in its own envelope under its own
 * prefix, while every other path family keeps its envelope.
 */

import { describe, expect, it } from 'bun:test'
import { createFormatRegistry } from '../../src/formats/registry.ts'
import { builtinFormats } from '../../src/formats/index.ts'
import { createTestApp, getPath, postJson } from '../helpers/create-test-app.ts'
import { createTestFormat } from '../helpers/test-format.ts'

const throwaway = createTestFormat('throwaway', '/throwaway/v1')
const { app } = createTestApp({ dependencies: { formats: createFormatRegistry([...builtinFormats, throwaway]) } })

async function answer(request: Request) {
  const response = await app.handle(request)
  return { status: response.status, allow: response.headers.get('allow'), body: (await response.json()) as Record<string, unknown> }
}

describe('format plugins declare their paths', () => {
  it('a registered format answers its own routes', async () => {
    const { status, body } = await answer(postJson('/throwaway/v1/generate', { prompt: 'hello' }))
    expect(status).toBe(200)
    expect(typeof body.text).toBe('string')
  })

  it('an unknown path under its prefix gets its 404 envelope', async () => {
    expect(await answer(getPath('/throwaway/v1/nothing-here'))).toEqual({ status: 404, allow: null, body: { kind: 'not_found', message: 'Unknown path GET /throwaway/v1/nothing-here' } })
  })

  it('a wrong method on its route gets 405 with Allow, in its envelope', async () => {
    const { status, allow, body } = await answer(getPath('/throwaway/v1/generate'))
    expect(status).toBe(405)
    expect(allow).toBe('POST')
    expect(body.kind).toBe('method_not_allowed')
  })

  it('the longest declared prefix picks the envelope for every other family', async () => {
    expect((await answer(getPath('/v1/nothing'))).body).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found' } })
    expect((await answer(getPath('/v1/responses'))).status).toBe(405)
    expect((await answer(postJson('/v1/models/gemini-2.5-flash:unknownAction', {}))).body).toMatchObject({ error: { status: 'NOT_FOUND' } })
    expect((await answer(getPath('/gemini/v1beta/nothing'))).body).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } })
    const chat = await answer(getPath('/v1/chat/completions'))
    expect(chat.status).toBe(405)
    expect(chat.body).toMatchObject({ error: { type: 'invalid_request_error', code: 'method_not_allowed' } })
  })

  it('a second format claiming a registered route fails at startup', () => {
    expect(() => createFormatRegistry([...builtinFormats, createTestFormat('again', '/throwaway/v1'), throwaway])).toThrow('claimed by both')
  })
})
