/**
 * Secrets never reach the logs: cookies and keys from the config, and credentials that arrive
 * in request headers or query strings, are masked in every access and error line.
 */

import { afterAll, describe, expect, it } from 'bun:test'
import { ProxyError } from '../../src/core/errors.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { forgetSecretsForTests, redactSecrets, registerSecret, registerTransientSecret } from '../../src/lib/redact.ts'
import { registerConfiguredSecrets } from '../../src/runtime.ts'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'
import { createTestFormat } from '../helpers/test-format.ts'

const psid = 'g.a000secretPSIDvalue0123456789'
const psidts = 'sidts-CjIBsecretTSvalue'
const apiKey = 'sk-live-api-key-123456'

afterAll(() => forgetSecretsForTests())

describe('no secrets in logs', () => {
  it('masks configured cookies and keys wherever they appear in a log line', async () => {
    const { app, config, logLines, fake } = createTestApp({
      env: { GEMINI_1PSID: psid, GEMINI_1PSIDTS: psidts, API_KEYS: apiKey, ADMIN_KEY: 'admin-key-value-1' },
      logLevel: 'debug',
      dependencies: { formats: [createTestFormat()] },
    })
    registerConfiguredSecrets(config)
    fake!.script = () => new ProxyError('upstream_unauthenticated', `upstream said no for ${psid}`, { cause: new Error(`cookie ${psidts}`) })
    await app.handle(postJson(`/test/generate?key=${apiKey}`, { model: 'gemini-2.5-flash' }, { authorization: `Bearer ${apiKey}`, cookie: `__Secure-1PSID=${psid}` }))
    const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) })
    logger.error('debugging', { headers: { cookie: `__Secure-1PSIDTS=${psidts}` }, config })
    const all = logLines.join('\n')
    expect(logLines.length).toBeGreaterThan(1)
    for (const secret of [psid, psidts, apiKey, 'admin-key-value-1']) expect(all).not.toContain(secret)
    expect(all).toContain('[redacted]')
  })

  it('masks unregistered credentials by pattern', () => {
    const text = 'Cookie: __Secure-1PSID=abc123def; SIDCC=xyz789; Authorization: Bearer tok_999 url=/v1?key=AIzaSy000&x=1'
    const masked = redactSecrets(text)
    for (const secret of ['abc123def', 'xyz789', 'tok_999', 'AIzaSy000']) expect(masked).not.toContain(secret)
    expect(masked).toContain('__Secure-1PSID=[redacted]')
  })

  it('ignores values too short to be secrets', () => {
    registerSecret('ab')
    expect(redactSecrets('ab cd')).toBe('ab cd')
  })
})

describe('secret registry bounds', () => {
  it('keeps configured secrets and the newest rotating values, forgetting the oldest rotations', () => {
    forgetSecretsForTests()
    registerSecret('configured-api-key-1')
    for (let index = 0; index < 2000; index += 1) registerTransientSecret(`rotated-sidcc-value-${index}`)
    expect(redactSecrets('x rotated-sidcc-value-1999 y')).toBe('x [redacted] y')
    expect(redactSecrets('x rotated-sidcc-value-0 y')).toBe('x rotated-sidcc-value-0 y')
    expect(redactSecrets('key configured-api-key-1')).toBe('key [redacted]')
  })
})
