import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../core/errors.ts'
import { redactSecrets } from '../lib/redact.ts'
import { createApiKeyAuthenticator, readPresentedKeys } from './api-key-authenticator.ts'

const client = { address: '203.0.113.5' }
const config = (apiKeys: unknown[]) => ({ access: { apiKeys, adminKey: null } }) as never

function authenticate(authenticator: ReturnType<typeof createApiKeyAuthenticator>, url: string, headers: Record<string, string> = {}) {
  return authenticator.authenticate(new Request(url, { headers }), new URL(url), client)
}

function thrownBy(action: () => unknown): ProxyError {
  try {
    action()
  } catch (error) {
    if (error instanceof ProxyError) return error
    throw error
  }
  throw new Error('expected a ProxyError')
}

describe('createApiKeyAuthenticator', () => {
  test('with no keys configured every caller is accepted unchanged, whatever it sends', () => {
    const authenticator = createApiKeyAuthenticator(config([]))
    expect(authenticate(authenticator, 'http://localhost/v1/chat/completions', { authorization: 'Bearer gemini-reverse-2025' })).toEqual(client)
    expect(authenticate(authenticator, 'http://localhost/v1/chat/completions')).toEqual(client)
  })

  test('accepts the key from each location and names the key, never carrying the key itself', () => {
    const authenticator = createApiKeyAuthenticator(config([{ key: 'sk-alpha-123456', name: 'alpha', requestsPerHour: 5 }, { key: 'sk-beta-654321' }]))
    const locations: Array<[string, Record<string, string>]> = [
      ['http://localhost/v1/chat/completions', { authorization: 'Bearer sk-alpha-123456' }],
      ['http://localhost/v1/chat/completions', { authorization: 'bearer   sk-alpha-123456 ' }],
      ['http://localhost/v1/chat/completions', { 'x-goog-api-key': 'sk-alpha-123456' }],
      ['http://localhost/v1/chat/completions', { 'x-api-key': 'sk-alpha-123456' }],
      ['http://localhost/v1beta/models/gemini-2.5-flash:generateContent?key=sk-alpha-123456', {}],
    ]
    for (const [url, headers] of locations) {
      const identity = authenticate(authenticator, url, headers) as { address: string; keyName?: string; limits?: unknown }
      expect(identity).toEqual({ address: '203.0.113.5', keyName: 'alpha', limits: { requestsPerHour: 5 } })
      expect(JSON.stringify(identity)).not.toContain('sk-alpha')
    }
    expect(authenticate(authenticator, 'http://localhost/x', { 'x-api-key': 'sk-beta-654321' })).toEqual({ address: '203.0.113.5', keyName: 'key-2' })
  })

  test('a missing or wrong key is unauthenticated, and the message never echoes the presented value', () => {
    const authenticator = createApiKeyAuthenticator(config([{ key: 'sk-alpha-123456' }]))
    const missing = thrownBy(() => authenticate(authenticator, 'http://localhost/x'))
    expect(missing.kind).toBe('unauthenticated')
    expect(missing.message).toContain('Missing API key')
    for (const wrong of ['sk-alpha-12345', 'sk-alpha-1234567', 'SK-ALPHA-123456', 'x']) {
      const error = thrownBy(() => authenticate(authenticator, 'http://localhost/x', { 'x-goog-api-key': wrong }))
      expect(error.kind).toBe('unauthenticated')
      expect(error.message).toBe('Invalid API key')
    }
    // A non-bearer Authorization scheme is not a key.
    expect(thrownBy(() => authenticate(authenticator, 'http://localhost/x', { authorization: 'Basic sk-alpha-123456' })).message).toContain('Missing')
  })

  test('one good key among several presented values is accepted', () => {
    const authenticator = createApiKeyAuthenticator(config([{ key: 'sk-alpha-123456', name: 'alpha' }]))
    const identity = authenticate(authenticator, 'http://localhost/x', { authorization: 'Bearer proxy-token', 'x-api-key': 'sk-alpha-123456' }) as { keyName?: string }
    expect(identity.keyName).toBe('alpha')
  })

  test('configured keys are registered with the redactor', () => {
    createApiKeyAuthenticator(config([{ key: 'sk-redact-me-987' }]))
    expect(redactSecrets('value sk-redact-me-987 here')).not.toContain('sk-redact-me-987')
  })
})

test('readPresentedKeys deduplicates and ignores empty values', () => {
  const request = new Request('http://localhost/x?key=a1', { headers: { authorization: 'Bearer a1', 'x-api-key': '  ' } })
  expect(readPresentedKeys(request, new URL(request.url))).toEqual(['a1'])
})
