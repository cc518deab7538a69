/**
 * Seeded fuzzing of every route: each format route from the registry (a new format is covered
 * without touching this file) and the operator and info routes, on the app with the real Gemini
 * web backend against the emulator. Bodies are valid requests mutated at random (types swapped,
 * fields dropped, prototype keys, deep nesting, huge strings, broken JSON, wrong content types),
 * with random methods and path mutations. No answer may be a 5xx, and every error must come in the
 * envelope of the route's format. `FUZZ_SEED` and `FUZZ_CASES` replay or widen a run; a failure
 * lists the seed and the case.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { ProxyError } from '../../src/core/errors.ts'
import { builtinFormats } from '../../src/formats/index.ts'
import type { FormatPlugin, RouteSpec } from '../../src/formats/types.ts'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'
import { createRandom } from '../helpers/create-random.ts'

const seed = Number(process.env.FUZZ_SEED ?? 20261205)
const casesPerRoute = Number(process.env.FUZZ_CASES ?? 250)


type Random = () => number
const pick = <T,>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

const tinyPng = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

/** A valid body per kind of route, the starting point of every mutation. */
const seedBodies: Record<string, unknown> = {
  'openai:generate': { model: 'gemini-2.5-flash', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } } }], temperature: 0.5 },
  'openai-responses:generate': { model: 'gemini-2.5-flash', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], instructions: 'be brief', reasoning: { effort: 'low' }, text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } } },
  'openai-images:generate-image': { model: 'gemini-2.5-flash-image', prompt: 'a cat', n: 1, size: '1024x1024', response_format: 'b64_json' },
  'openai-images:edit-image': { model: 'gemini-2.5-flash-image', prompt: 'make it blue', image: tinyPng, response_format: 'b64_json' },
  'gemini:generate': { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], systemInstruction: { parts: [{ text: 'be brief' }] }, generationConfig: { temperature: 0.2, responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } } }, tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT' } }] }] },
  'gemini:count-tokens': { contents: [{ parts: [{ text: 'hi' }] }] },
  'gemini:edit-image': { prompt: 'make it blue', image: { bytesBase64Encoded: tinyPng.split(',')[1] } },
  /** Any other route (a new format): a messages-style body most chat formats read. */
  other: { model: 'gemini-2.5-flash', max_tokens: 16, system: 'be brief', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false },
  admin: { id: 'fuzz', cookies: { '__Secure-1PSID': 'g.a000fuzz-value', '__Secure-1PSIDTS': 'sidts-fuzz' }, account: 'default' },
}

/** Values that broke gateways before: wrong types, prototype keys, huge and odd strings, deep nesting. */
function randomValue(random: Random, depth = 0): unknown {
  const kind = Math.floor(random() * 14)
  switch (kind) {
    case 0: return null
    case 1: return Math.floor(random() * 2 ** 31) * (random() < 0.5 ? -1 : 1)
    case 2: return pick(random, [0, -1, 1e308, -0, 3.5, Number.MAX_SAFE_INTEGER + 2])
    case 3: return random() < 0.5
    case 4: return pick(random, ['', ' ', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '\u0000', '\ud800', '🙂'.repeat(50), '../../etc/passwd', 'gemini-2.5-flash', 'auto', 'none', 'required'])
    case 5: return 'x'.repeat(Math.floor(random() * 70_000))
    case 6: return depth > 2 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1))
    case 7: return depth > 2 ? {} : Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(random, ['type', 'text', 'role', 'content', 'parts', 'name', '__proto__', 'constructor', 'a.__proto__']), randomValue(random, depth + 1)]))
    case 8: return JSON.parse(`${'['.repeat(70)}1${']'.repeat(70)}`)
    case 9: return { type: pick(random, ['text', 'image_url', 'input_file', 'file', 'tool_use', 'tool_result', 'function', 'thinking', 'image', 'document']), text: 'x', image_url: { url: pick(random, [tinyPng, 'http://127.0.0.1/x.png', 'file:///etc/passwd', 'data:,', 'javascript:1']) } }
    case 10: return [{ role: pick(random, ['user', 'assistant', 'system', 'tool', 'model', 'function', 'developer', 'constructor']), content: randomValue(random, depth + 1) }]
    case 11: return pick(random, [tinyPng, 'data:image/png;base64,!!!', 'data:text/plain;base64,aGk=', 'data:;base64,'])
    case 12: return { filename: pick(random, ['a.constructor', 'a.__proto__', 'x.pdf', '']), file_data: pick(random, [tinyPng, 'bm90IGEgcGRm']) }
    default: return undefined
  }
}

/** Every path to a value inside `value` (objects and arrays), for choosing where to mutate. */
function collectPaths(value: unknown, path: Array<string | number> = [], found: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (found.length > 200 || typeof value !== 'object' || value === null) return found
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, Array.isArray(value) ? Number(key) : key]
    found.push(childPath)
    collectPaths(child, childPath, found)
  }
  return found
}

/** Own properties only: a "__proto__" key must stay data, as it does in parsed JSON. */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true })
}

function mutate(random: Random, body: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>
  const rounds = 1 + Math.floor(random() * 3)
  for (let round = 0; round < rounds; round++) {
    const paths = collectPaths(copy)
    if (paths.length === 0) return randomValue(random)
    const path = pick(random, paths)
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? Object.getOwnPropertyDescriptor(node, key)?.value : undefined), copy) as Record<string | number, unknown> | undefined
    if (typeof parent !== 'object' || parent === null) continue
    const key = path[path.length - 1]!
    const action = random()
    if (action < 0.3) delete parent[key]
    else if (action < 0.9) setOwn(parent, key, randomValue(random))
    else setOwn(parent, pick(random, ['__proto__', 'constructor', 'extra_field', 'stream']), randomValue(random))
  }
  return copy
}

type Case = { method: string; path: string; headers: Record<string, string>; body: string | FormData | undefined; label: string }

function encodeBody(random: Random, value: unknown): { body: string | FormData | undefined; contentType: string | undefined; label: string } {
  const style = random()
  if (style < 0.65) return { body: JSON.stringify(value) ?? 'null', contentType: 'application/json', label: 'json' }
  if (style < 0.72) return { body: (JSON.stringify(value) ?? '').slice(0, Math.floor(random() * 40)), contentType: 'application/json', label: 'truncated json' }
  if (style < 0.78) return { body: JSON.stringify(value), contentType: pick(random, ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'image/png']), label: 'wrong content type' }
  if (style < 0.84) return { body: JSON.stringify(value), contentType: undefined, label: 'no content type' }
  if (style < 0.92) {
    const form = new FormData()
    for (const [key, item] of Object.entries((value as Record<string, unknown>) ?? {})) form.append(key, typeof item === 'string' ? item : JSON.stringify(item) ?? '')
    if (random() < 0.5) form.append('image', new Blob([random() < 0.5 ? Buffer.from(tinyPng.split(',')[1]!, 'base64') : 'not an image'], { type: 'image/png' }), pick(random, ['a.png', 'a.constructor', '']))
    return { body: form, contentType: undefined, label: 'multipart' }
  }
  return { body: pick(random, ['', 'null', '[]', '"x"', '{', '\u0000\u0001', '{"a":1}{"b":2}']), contentType: 'application/json', label: 'odd body' }
}

/** A concrete path for a route pattern, sometimes mutated. */
function concretePath(random: Random, route: { path: string }): string {
  const segment = () => pick(random, ['gemini-2.5-flash', 'gemini-2.5-flash-image', 'gemini-3.0-pro', 'no-such-model', 'constructor', '%00', '..%2F..', 'a'.repeat(300), 'gemini-2.5-flash:constructor'])
  const wildcard = () => `${segment()}:${pick(random, ['generateContent', 'streamGenerateContent', 'countTokens', 'editImage', 'constructor', '__proto__', 'toString', '', 'generateContent:extra'])}`
  let path = route.path.replace(/:\w+/g, () => segment()).replace('*', () => wildcard())
  if (random() < 0.1) path += pick(random, ['/', '/extra', '?alt=sse', '?alt=json&key=x', '?beta=true', '%2e%2e'])
  return path
}

function buildCase(random: Random, route: { method: string; path: string }, seedBody: unknown): Case {
  const method = random() < 0.85 ? route.method : pick(random, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])
  const path = concretePath(random, route)
  const value = random() < 0.15 ? seedBody : mutate(random, seedBody)
  const encoded = method === 'GET' || method === 'HEAD' ? { body: undefined, contentType: undefined, label: 'no body' } : encodeBody(random, value)
  const headers: Record<string, string> = {}
  if (encoded.contentType) headers['content-type'] = encoded.contentType
  if (random() < 0.1) headers.origin = pick(random, ['http://evil.example', 'null', 'http://127.0.0.1:8100'])
  if (random() < 0.1) headers.authorization = pick(random, ['Bearer ', 'Bearer x', 'Basic Og==', 'x'.repeat(5000)])
  if (random() < 0.05) headers['access-control-request-method'] = 'POST'
  const shown = typeof encoded.body === 'string' ? encoded.body.slice(0, 160) : encoded.label
  return { method, path, headers, body: encoded.body, label: `${method} ${path.slice(0, 120)} [${encoded.label}] ${shown}` }
}

/** The formats whose paths a request is under: any of their envelopes is right for it. */
function formatsClaiming(path: string, routeFormat: FormatPlugin | null): Array<FormatPlugin | null> {
  if (routeFormat === null) return [null]
  const pathname = path.split('?')[0]!
  const claims = (prefix: string | RegExp) => (typeof prefix === 'string' ? pathname.startsWith(prefix) : prefix.exec(pathname)?.index === 0)
  const claiming = builtinFormats.filter((format) => format.pathPrefixes.some(claims))
  return claiming.length > 0 ? claiming : [routeFormat]
}

/** Keys the format's own error envelope always has, found by asking the format to render one. */
function envelopeKeys(format: FormatPlugin | null): string[][] {
  const body = (format ? format.encodeError(new ProxyError('invalid_request', 'probe')).body : { error: { message: 'probe', kind: 'invalid_request' } }) as Record<string, unknown>
  const keys: string[][] = []
  for (const [key, value] of Object.entries(body)) {
    keys.push([key])
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const inner of Object.keys(value)) keys.push([key, inner])
  }
  return keys
}

type Outcome = { status: number; failure: string | null }

async function check(gateway: EmulatedGateway, testCase: Case, format: FormatPlugin | null): Promise<Outcome> {
  let response: Response
  try {
    response = await gateway.testApp.app.handle(new Request(`http://127.0.0.1:8100${testCase.path}`, { method: testCase.method, headers: testCase.headers, ...(testCase.body !== undefined ? { body: testCase.body } : {}) }))
  } catch (error) {
    return { status: 0, failure: `threw ${(error as Error).message}` }
  }
  return { status: response.status, failure: await judge(response, testCase, format) }
}

async function judge(response: Response, testCase: Case, format: FormatPlugin | null): Promise<string | null> {
  const text = await response.text()
  if (response.status >= 500) return `status ${response.status}: ${text.slice(0, 300)}`
  if (response.status < 400 || testCase.method === 'HEAD') return null
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return `status ${response.status} without a JSON body: ${text.slice(0, 200)}`
  }
  const candidates = formatsClaiming(testCase.path, format)
  const missingPer = candidates.map((candidate) => envelopeKeys(candidate).filter((path) => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], parsed) === undefined))
  if (missingPer.some((missing) => missing.length === 0)) return null
  return `status ${response.status} outside the ${candidates.map((candidate) => candidate?.id ?? 'plain').join(' / ')} envelope (missing ${missingPer[0]!.map((path) => path.join('.')).join(', ')}): ${text.slice(0, 200)}`
}

let gateway: EmulatedGateway

beforeAll(async () => {
  gateway = await startEmulatedGateway({ config: { rateLimit: { enabled: false }, server: { maxRequestsPerClient: 1000 } } })
})

afterAll(async () => {
  await gateway.stop()
})

const formatRoutes = builtinFormats.flatMap((format) => format.routes.map((route) => ({ format, route })))
const operatorRoutes = [
  { method: 'GET', path: '/api/admin/accounts' },
  { method: 'POST', path: '/api/admin/accounts' },
  { method: 'PUT', path: '/api/admin/accounts/:id/cookies' },
  { method: 'POST', path: '/api/admin/accounts/:id/check' },
  { method: 'DELETE', path: '/api/admin/accounts/:id' },
  { method: 'POST', path: '/api/admin/cookies' },
  { method: 'POST', path: '/api/admin/rotate' },
  { method: 'GET', path: '/api/admin/upstream-models' },
  { method: 'GET', path: '/api/cookies/status' },
  { method: 'GET', path: '/api/info' },
  { method: 'GET', path: '/health' },
]

function seedFor(format: FormatPlugin, route: RouteSpec): unknown {
  const operation = route.resolve(route.path.includes('*') ? 'gemini-2.5-flash:generateContent' : '', new URL('http://localhost/'))?.operation
  return seedBodies[`${format.id}:${operation}`] ?? seedBodies.other
}

describe(`fuzzing every route (seed ${seed}, ${casesPerRoute} cases per route)`, () => {
  it('covers every route of every registered format', () => {
    expect(formatRoutes.length).toBeGreaterThanOrEqual(builtinFormats.length)
    for (const format of builtinFormats) expect(format.routes.length).toBeGreaterThan(0)
  })

  it.each(formatRoutes.map(({ format, route }, index) => [`${format.id} ${route.method} ${route.path}`, format, route, index] as const))('%s: no 5xx, errors in the format envelope', async (_name, format, route, index) => {
    const random = createRandom(seed + index * 7919)
    const failures: string[] = []
    const statuses = new Set<number>()
    for (let number = 0; number < casesPerRoute; number++) {
      const testCase = buildCase(random, route, seedFor(format, route))
      const { status, failure } = await check(gateway, testCase, format)
      statuses.add(status)
      if (failure) failures.push(`seed ${seed} route ${index} case ${number}: ${testCase.label} → ${failure}`)
    }
    expect(failures).toEqual([])
    // The mutations must reach both sides: answers from the emulator, and refusals.
    expect([...statuses].some((status) => status >= 200 && status < 300)).toBe(true)
    expect([...statuses].some((status) => status >= 400)).toBe(true)
  }, 60_000)

  it.each(operatorRoutes.map((route, index) => [`${route.method} ${route.path}`, route, index] as const))('operator and info route %s: no 5xx, errors in the plain envelope', async (_name, route, index) => {
    const random = createRandom(seed + 1_000_003 + index * 7919)
    const failures: string[] = []
    for (let number = 0; number < Math.ceil(casesPerRoute / 2); number++) {
      const testCase = buildCase(random, route, seedBodies.admin)
      const { failure } = await check(gateway, testCase, null)
      if (failure) failures.push(`seed ${seed} operator route ${index} case ${number}: ${testCase.label} → ${failure}`)
    }
    expect(failures).toEqual([])
  }, 60_000)
})
