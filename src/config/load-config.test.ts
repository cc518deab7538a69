import { describe, expect, it } from 'bun:test'
import { buildConfig, ConfigError, readConfigFile } from './load-config.ts'

describe('buildConfig', () => {
  it('fills every default from the schema', () => {
    const config = buildConfig({ env: {} })
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8100, publicBaseUrl: null, trustedProxies: [] })
    expect(config.dataDir).toBe('./data')
    expect(config.rateLimit).toMatchObject({ requestsPerHour: 60, modelIntervalSeconds: 5, modelScope: 'client', store: 'memory' })
    expect(config.upstream).toMatchObject({ origin: null, rotationIntervalSeconds: 600, rotationBody: 'auto' })
    expect(config.accounts).toEqual([])
  })

  it('maps the documented environment variables', () => {
    const config = buildConfig({
      env: {
        PORT: '9000', HOST: '0.0.0.0', DATA_DIR: '/var/lib/x', GEMINI_1PSID: 'psid-value', GEMINI_1PSIDTS: 'sidts-value',
        GEMINI_UPSTREAM: 'http://127.0.0.1:5555/', API_KEYS: 'a-key, b-key,,', ADMIN_KEY: 'admin-secret', REDIS_URL: 'redis://127.0.0.1:6379',
        PUBLIC_BASE_URL: 'https://api.example.com/', LOG_LEVEL: 'warn',
      },
    })
    expect(config.server.port).toBe(9000)
    expect(config.server.host).toBe('0.0.0.0')
    expect(config.server.publicBaseUrl).toBe('https://api.example.com')
    expect(config.dataDir).toBe('/var/lib/x')
    expect(config.accounts).toEqual([{ id: 'default', psid: 'psid-value', psidts: 'sidts-value' }])
    expect(config.upstream.origin).toBe('http://127.0.0.1:5555')
    expect(config.access.apiKeys).toEqual([{ key: 'a-key' }, { key: 'b-key' }])
    expect(config.access.adminKey).toBe('admin-secret')
    expect(config.rateLimit).toMatchObject({ store: 'redis', redisUrl: 'redis://127.0.0.1:6379' })
    expect(config.logging.level).toBe('warn')
  })

  it('relaxes the rate limits in demo mode unless a layer sets them', () => {
    expect(buildConfig({ env: {}, flags: { demo: true } }).rateLimit).toMatchObject({ enabled: true, requestsPerHour: 1000, modelIntervalSeconds: 0 })
    expect(buildConfig({ env: { RATE_LIMIT_MODEL_INTERVAL_SECONDS: '2.5' }, flags: { demo: true } }).rateLimit).toMatchObject({ requestsPerHour: 1000, modelIntervalSeconds: 2.5 })
    expect(buildConfig({ file: { rateLimit: { requestsPerHour: 7 } }, env: {}, flags: { demo: true } }).rateLimit.requestsPerHour).toBe(7)
    expect(buildConfig({ env: {} }).rateLimit).toMatchObject({ requestsPerHour: 60, modelIntervalSeconds: 5 })
  })

  it('reads the rate limits from RATE_LIMIT_* variables', () => {
    const config = buildConfig({ env: { RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_REQUESTS_PER_HOUR: '300', RATE_LIMIT_MODEL_INTERVAL_SECONDS: '0' } })
    expect(config.rateLimit).toMatchObject({ enabled: false, requestsPerHour: 300, modelIntervalSeconds: 0 })
    expect(() => buildConfig({ env: { RATE_LIMIT_ENABLED: 'maybe' } })).toThrow('RATE_LIMIT_ENABLED must be true or false, got "maybe"')
    expect(() => buildConfig({ env: { RATE_LIMIT_MODEL_INTERVAL_SECONDS: 'soon' } })).toThrow('must be a number')
  })

  it('lets environment override the file and flags override both', () => {
    const config = buildConfig({ file: { server: { port: 1000, host: '::1' } }, env: { PORT: '2000' }, flags: { server: { port: 3000 } } })
    expect(config.server.port).toBe(3000)
    expect(config.server.host).toBe('::1')
  })

  it('merges cookie variables into a configured default account', () => {
    const config = buildConfig({ file: { accounts: [{ id: 'default', cookieFile: 'c.json' }, { id: 'second', psid: 'x' }] }, env: { GEMINI_1PSIDTS: 'fresh' } })
    expect(config.accounts).toEqual([{ id: 'default', cookieFile: 'c.json', psidts: 'fresh' }, { id: 'second', psid: 'x' }])
  })

  it.each([
    [{ env: { PORT: 'eighty' } }, 'PORT must be a whole number'],
    [{ file: { server: { port: 70000 } }, env: {} }, 'server.port'],
    [{ file: { logging: { level: 'loud' } }, env: {} }, 'logging.level'],
    [{ file: { rateLimit: { modelScope: 'planet' } }, env: {} }, 'rateLimit.modelScope'],
    [{ file: { accounts: [{ id: 'has space' }] }, env: {} }, 'accounts.0.id'],
    [{ file: { server: { prot: 1 } }, env: {} }, 'Unknown configuration field "server.prot"'],
    [{ file: ['not', 'a', 'mapping'], env: {} }, 'mapping'],
    [{ env: { GEMINI_UPSTREAM: 'ftp://x' } }, 'upstream.origin'],
  ] as const)('names the bad field (%#)', (sources, expected) => {
    expect(() => buildConfig(sources as never)).toThrow(ConfigError)
    expect(() => buildConfig(sources as never)).toThrow(expected)
  })

  it('keeps protocol overrides and model rows open for data', () => {
    const file: Record<string, unknown> = { upstream: { protocol: { models: { fast: { hex: 'abc' } } } }, models: [{ id: 'x', anything: 1 }] }
    const config = buildConfig({ file, env: {} })
    expect(config.upstream.protocol).toEqual({ models: { fast: { hex: 'abc' } } })
    expect(config.models as unknown[]).toEqual([{ id: 'x', anything: 1 }])
  })
})

describe('readConfigFile', () => {
  it('parses YAML and reports a missing or broken file clearly', async () => {
    const directory = `${process.env.TMPDIR ?? '/tmp'}/config-test-${process.pid}`
    await Bun.write(`${directory}/good.yaml`, 'server:\n  port: 8200\nrateLimit:\n  requestsPerHour: 10\n')
    await Bun.write(`${directory}/bad.yaml`, 'server: [unclosed\n')
    expect(await readConfigFile(`${directory}/good.yaml`)).toEqual({ server: { port: 8200 }, rateLimit: { requestsPerHour: 10 } })
    await expect(readConfigFile(`${directory}/missing.yaml`)).rejects.toThrow('not found')
    await expect(readConfigFile(`${directory}/bad.yaml`)).rejects.toThrow('not valid YAML at line 2, column 1: Flow sequence')
  })

  it('refuses a key written twice, naming where', async () => {
    const directory = `${process.env.TMPDIR ?? '/tmp'}/config-test-${process.pid}`
    await Bun.write(`${directory}/twice.yaml`, 'rateLimit:\n  requestsPerHour: 10\nserver:\n  port: 1\nrateLimit:\n  enabled: false\n')
    await Bun.write(`${directory}/twice.json`, '{"server": {"port": 1, "port": 2}}')
    await expect(readConfigFile(`${directory}/twice.yaml`)).rejects.toThrow('twice.yaml is not valid YAML at line 5, column 1: a key is written twice in the same mapping')
    await expect(readConfigFile(`${directory}/twice.json`)).rejects.toThrow('is not valid JSON at line 1')
  })
})

describe('config errors that teach', () => {
  it.each([
    [{ logging: { level: 'loud' } }, '"logging.level" is "loud"; it must be one of "debug", "info", "warn", "error", "silent"'],
    [{ server: { port: 70000 } }, '"server.port" is 70000; it must be a whole number from 0 to 65535'],
    [{ server: { publicBaseUrl: 'api.example.com' } }, '"server.publicBaseUrl" is "api.example.com"; it must be a string matching ^https?:// or null'],
    [{ upstream: { requestTimeoutSeconds: 0 } }, '"upstream.requestTimeoutSeconds" is 0; it must be a number more than 0 and at most 86400'],
    [{ upstream: { streamIdleTimeoutSeconds: 3e6 } }, '"upstream.streamIdleTimeoutSeconds" is 3000000; it must be a number more than 0 and at most 86400'],
    [{ rateLimit: { failOpen: 'yes' } }, '"rateLimit.failOpen" is "yes"; it must be true or false'],
  ] as const)('names the field, the value and what is allowed (%#)', (file, expected) => {
    expect(() => buildConfig({ file, env: {} })).toThrow(expected)
  })

  it('lists every bad field at once', () => {
    expect(() => buildConfig({ file: { logging: { level: 'loud' }, server: { port: -1 } }, env: {} })).toThrow(/Invalid configuration:\n  - "server.port" .*\n  - "logging.level"/)
  })

  it('says which fields an unknown one could have been', () => {
    expect(() => buildConfig({ file: { rateLimit: { requestPerHour: 5 } }, env: {} })).toThrow('Unknown configuration field "rateLimit.requestPerHour"; the fields allowed there are enabled, requestsPerHour,')
  })
})

describe('config errors and secrets', () => {
  it.each([
    [{ env: { ADMIN_KEY: 'short7' } }, 'short7'],
    [{ file: { access: { apiKeys: 'sk-secret-api-key' } }, env: {} }, 'sk-secret-api-key'],
    [{ file: { accounts: [{ id: 'a', psid: 12345678 }] }, env: {} }, '12345678'],
    [{ file: { rateLimit: { redisUrl: 42 } }, env: {} }, '42'],
  ] as const)('names the field but never prints the value (%#)', (sources, secret) => {
    let message = ''
    try {
      buildConfig(sources as never)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('Invalid configuration')
    expect(message).toContain('not shown')
    expect(message).not.toContain(secret)
  })
})

describe('cookies in the config and the environment', () => {
  const messageOf = (run: () => unknown): string => {
    try {
      run()
    } catch (error) {
      return (error as Error).message
    }
    return ''
  }

  it('refuses values a browser would never hold, naming the field but not the value (issue reproducer: 100 KB values)', () => {
    const huge = `g.a000${'x'.repeat(100_000)}`
    const message = messageOf(() => buildConfig({ file: { accounts: [{ id: 'work', psid: huge, cookies: { SIDCC: 'has space-secret' } }] }, env: {} }))
    expect(message).toContain('"accounts[0].psid" (work): the value of __Secure-1PSID is 100006 bytes; a cookie holds at most 4096')
    expect(message).toContain('"accounts[0].cookies.SIDCC" (work): the value of SIDCC has characters a cookie cannot hold')
    expect(message).not.toContain('xxxxxxxx')
    expect(message).not.toContain('space-secret')
    expect(messageOf(() => buildConfig({ env: { GEMINI_1PSID: 'g.a000;x' } }))).toContain('"accounts[0].psid" (default): the value of __Secure-1PSID has characters')
  })

  it('trims the line break a copied value brings along', () => {
    const config = buildConfig({ env: { GEMINI_1PSID: ' g.a000-pasted-value\n', GEMINI_1PSIDTS: 'sidts-value\r\n' } })
    expect(config.accounts[0]).toMatchObject({ psid: 'g.a000-pasted-value', psidts: 'sidts-value' })
  })
})

describe('deploy/config.example.yaml', () => {
  it('is a valid configuration that states the defaults', async () => {
    const example = await readConfigFile(new URL('../../deploy/config.example.yaml', import.meta.url).pathname)
    const fromExample = buildConfig({ file: example, env: {} })
    const defaults = buildConfig({ env: {} })
    expect({ ...fromExample, accounts: [] }).toEqual({ ...defaults, accounts: [] })
  })
})
