/**
 * Every error kind rendered by every registered format: the status follows the kind, the body is
 * the format's own envelope, and 429/503 carry Retry-After when known.
 */

import { describe, expect, it } from 'bun:test'
import { errorKindDefaults, errorKinds, ProxyError } from '../../src/core/errors.ts'
import { builtinFormats } from '../../src/formats/index.ts'
import { renderError } from '../../src/pipeline/run-pipeline.ts'
import type { PipelineContext } from '../../src/pipeline/context.ts'
import { createTestApp, getPath, postJson } from '../helpers/create-test-app.ts'

const openAIExpectations: Record<string, string> = {
  invalid_request: 'invalid_request_error',
  unauthenticated: 'authentication_error',
  permission_denied: 'permission_error',
  rate_limited: 'rate_limit_error',
  upstream_rate_limited: 'rate_limit_error',
  internal: 'server_error',
  upstream_unavailable: 'server_error',
}

const googleStatus: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  502: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

function render(formatId: string, error: ProxyError) {
  const format = builtinFormats.find((candidate) => candidate.id === formatId)!
  return renderError({ format, responseHeaders: new Headers({ 'x-request-id': 'req_1' }) } as PipelineContext, error)
}

describe.each(['openai', 'gemini'])('%s error envelope', (formatId) => {
  it.each([...errorKinds])('renders %s with its status and envelope', async (kind) => {
    const response = render(formatId, new ProxyError(kind, `message for ${kind}`))
    expect(response.status).toBe(errorKindDefaults[kind].status)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(response.headers.get('x-request-id')).toBe('req_1')
    const body = (await response.json()) as { error: Record<string, unknown> }
    expect(body.error.message).toBe(`message for ${kind}`)
    if (formatId === 'openai') {
      expect(typeof body.error.type).toBe('string')
      expect('param' in body.error && 'code' in body.error).toBe(true)
      if (openAIExpectations[kind]) expect(body.error.type).toBe(openAIExpectations[kind])
    } else {
      expect(body.error.code).toBe(errorKindDefaults[kind].status)
      expect(body.error.status).toBe(googleStatus[errorKindDefaults[kind].status])
    }
  })

  it('adds Retry-After (whole seconds, rounded up) and the guide detail on a rate limit', async () => {
    const response = render(formatId, new ProxyError('rate_limited', 'too fast', { retryAfterSeconds: 4.2, details: { detail: '模型 gemini-2.5-flash 调用过于频繁，请等待 4.2 秒后重试' } }))
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('5')
    const body = (await response.json()) as { detail: string; error: unknown }
    expect(body.detail).toBe('模型 gemini-2.5-flash 调用过于频繁，请等待 4.2 秒后重试')
    expect(body.error).toBeObject()
  })
})

describe('openai specifics', () => {
  it('names the model parameter and code for model_not_found', async () => {
    const body = (await render('openai', new ProxyError('model_not_found', 'nope', { param: 'model' })).json()) as { error: Record<string, unknown> }
    expect(body.error).toEqual({ message: 'nope', type: 'invalid_request_error', param: 'model', code: 'model_not_found' })
  })

  it('tells the SDK not to retry a request it must change', () => {
    expect(render('openai', new ProxyError('invalid_request', 'bad')).headers.get('x-should-retry')).toBe('false')
    expect(render('openai', new ProxyError('upstream_unavailable', 'later')).headers.get('x-should-retry')).toBeNull()
  })
})

describe('anthropic error envelope', () => {
  const overloaded = new Set(['upstream_rate_limited', 'upstream_unavailable', 'service_unavailable'])

  it.each([...errorKinds])('renders %s in Anthropic\'s envelope, capacity failures as 529', async (kind) => {
    const response = render('anthropic', new ProxyError(kind, `message for ${kind}`))
    expect(response.status).toBe(overloaded.has(kind) ? 529 : errorKindDefaults[kind].status)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(response.headers.get('x-request-id')).toBe('req_1')
    const body = (await response.json()) as { type: string; error: { type: string; message: string } }
    expect(body.type).toBe('error')
    expect(body.error.message).toBe(`message for ${kind}`)
    expect(body.error.type).toMatch(/^[a-z_]+$/)
  })

  it('keeps Retry-After on an overloaded upstream and on a rate limit', () => {
    const overloadedResponse = render('anthropic', new ProxyError('upstream_rate_limited', 'resting', { retryAfterSeconds: 30 }))
    expect(overloadedResponse.status).toBe(529)
    expect(overloadedResponse.headers.get('retry-after')).toBe('30')
    expect(render('anthropic', new ProxyError('rate_limited', 'too fast', { retryAfterSeconds: 1.5 })).headers.get('retry-after')).toBe('2')
  })
})

describe('unknown paths and wrong methods under /v1/messages', () => {
  it('answer 404 and 405 in Anthropic\'s envelope, not OpenAI\'s', async () => {
    const { app } = createTestApp()
    const unknown = await app.handle(postJson('/v1/messages/batches', {}))
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'Unknown path POST /v1/messages/batches' } })
    const wrongMethod = await app.handle(getPath('/v1/messages'))
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('POST')
    expect(((await wrongMethod.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
    // Only /v1/messages and what is under it: a longer word is the OpenAI family's path.
    const lookalike = await app.handle(postJson('/v1/messagesfoo', {}))
    expect(lookalike.status).toBe(404)
    expect(((await lookalike.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
  })

  it('a request under /v1/messages carries its id in request-id and in error bodies (request_id)', async () => {
    const { app } = createTestApp()
    const response = await app.handle(postJson('/v1/messages', { model: 'gemini-2.5-flash', max_tokens: 10, messages: 'not a list' }))
    expect(response.status).toBe(400)
    const requestId = response.headers.get('request-id')
    expect(requestId).toBe(response.headers.get('x-request-id'))
    expect(((await response.json()) as { request_id?: string }).request_id).toBe(requestId!)
  })
})
