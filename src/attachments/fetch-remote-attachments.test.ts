import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../core/errors.ts'
import type { InternalRequest } from '../core/ir.ts'
import { createRemoteAttachmentResolver, type FetchFunction } from './fetch-remote-attachments.ts'

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const config = { images: { maxUploadBytes: 1024, remoteFetchTimeoutSeconds: 5, allowRemoteFetch: true } }

function requestWithImage(url: string): InternalRequest {
  return {
    task: 'chat',
    model: 'gemini-2.5-flash',
    messages: [{ role: 'user', parts: [{ type: 'text', text: 'look' }, { type: 'image', source: { kind: 'url', url } }] }],
    generation: {},
    stream: false,
  }
}

/** DNS answers from a table; names not in it fail like NXDOMAIN. */
function tableLookup(table: Record<string, string[]>) {
  return async (hostname: string) => {
    const addresses = table[hostname]
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map((address) => ({ address }))
  }
}

function recordingFetch(routes: Record<string, () => Response>) {
  const calls: string[] = []
  const fetch: FetchFunction = async (url) => {
    calls.push(url)
    const route = routes[url]
    if (!route) return new Response('not found', { status: 404 })
    return route()
  }
  return { fetch, calls }
}

const publicLookup = tableLookup({ 'images.example.com': ['93.184.216.34'], 'cdn.example.net': ['2606:2800:220:1::1'], 'internal.example.com': ['10.0.0.7'], 'mixed.example.com': ['93.184.216.34', '192.168.0.4'], 'localhost': ['127.0.0.1'] })

async function refusal(promise: Promise<unknown>): Promise<ProxyError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ProxyError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('createRemoteAttachmentResolver', () => {
  const signal = new AbortController().signal

  for (const url of ['http://127.0.0.1/a.png', 'http://10.1.2.3/a.png', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/a.png', 'http://[::ffff:127.0.0.1]/a.png', 'http://0.0.0.0/', 'http://2130706433/a.png', 'http://internal.example.com/a.png', 'http://mixed.example.com/a.png', 'http://localhost:8100/health']) {
    test(`refuses ${url} without contacting it`, async () => {
      const { fetch, calls } = recordingFetch({})
      const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
      const error = await refusal(resolver.resolve(requestWithImage(url), signal))
      expect(error.kind).toBe('invalid_request')
      expect(error.status).toBe(400)
      expect(error.message).toContain('cannot be fetched')
      expect(calls).toEqual([])
    })
  }

  test('refuses a redirect to a private address before following it', async () => {
    const { fetch, calls } = recordingFetch({
      'https://images.example.com/cat.png': () => new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }),
    })
    const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
    const error = await refusal(resolver.resolve(requestWithImage('https://images.example.com/cat.png'), signal))
    expect(error.message).toContain('link-local')
    expect(calls).toEqual(['https://images.example.com/cat.png'])
  })

  test('fetches a public image, following a relative redirect, and sniffs its type', async () => {
    const { fetch, calls } = recordingFetch({
      'https://images.example.com/cat.png': () => new Response(null, { status: 301, headers: { location: '/files/cat.png' } }),
      'https://images.example.com/files/cat.png': () => new Response(png, { headers: { 'content-type': 'application/octet-stream' } }),
    })
    const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
    const resolved = await resolver.resolve(requestWithImage('https://images.example.com/cat.png'), signal)
    const part = resolved.messages[0]?.parts[1]
    expect(part).toEqual({ type: 'image', source: { kind: 'bytes', data: png, mimeType: 'image/png' }, filename: 'cat.png' })
    expect(calls).toEqual(['https://images.example.com/cat.png', 'https://images.example.com/files/cat.png'])
  })

  test('fetches from a public IPv6 host', async () => {
    const { fetch } = recordingFetch({ 'https://cdn.example.net/x': () => new Response(png, { headers: { 'content-type': 'image/png' } }) })
    const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
    const resolved = await resolver.resolve(requestWithImage('https://cdn.example.net/x'), signal)
    expect(resolved.messages[0]?.parts[1]).toMatchObject({ source: { kind: 'bytes', mimeType: 'image/png' } })
  })

  test('stops after three redirects', async () => {
    const routes: Record<string, () => Response> = {}
    for (let hop = 0; hop < 5; hop++) routes[`https://images.example.com/${hop}`] = () => new Response(null, { status: 307, headers: { location: `/${hop + 1}` } })
    const { fetch, calls } = recordingFetch(routes)
    const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
    const error = await refusal(resolver.resolve(requestWithImage('https://images.example.com/0'), signal))
    expect(error.message).toContain('redirects more than 3 times')
    expect(calls).toHaveLength(4)
  })

  test('refuses a body over the size cap, declared or not', async () => {
    const big = new Uint8Array(2048)
    big.set(png)
    for (const headers of [{ 'content-type': 'image/png', 'content-length': '2048' }, { 'content-type': 'image/png' }] as Array<Record<string, string>>) {
      const body = headers['content-length'] ? big : new ReadableStream({ start(controller) { controller.enqueue(big); controller.close() } })
      const { fetch } = recordingFetch({ 'https://images.example.com/big.png': () => new Response(body, { headers }) })
      const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
      const error = await refusal(resolver.resolve(requestWithImage('https://images.example.com/big.png'), signal))
      expect(error.message).toContain('1024 bytes')
    }
  })

  test('refuses content that is not an image, whatever its label', async () => {
    const { fetch } = recordingFetch({ 'https://images.example.com/page': () => new Response('<html>login</html>', { headers: { 'content-type': 'image/png' } }) })
    const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
    const error = await refusal(resolver.resolve(requestWithImage('https://images.example.com/page'), signal))
    expect(error.message).toContain('not a supported image')
  })

  test('refuses an error status, an unknown host and a non-http scheme', async () => {
    const { fetch } = recordingFetch({})
    const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup, fetch })
    expect((await refusal(resolver.resolve(requestWithImage('https://images.example.com/missing.png'), signal))).message).toContain('HTTP 404')
    expect((await refusal(resolver.resolve(requestWithImage('https://nowhere.example.org/a.png'), signal))).message).toContain('could not be resolved')
    expect((await refusal(resolver.resolve(requestWithImage('file:///etc/passwd'), signal))).message).toContain('only http and https')
  })

  test('refuses a download that outlasts the time cap', async () => {
    const fetch: FetchFunction = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }))
    const resolver = createRemoteAttachmentResolver({ config: { images: { ...config.images, remoteFetchTimeoutSeconds: 0.05 } }, lookup: publicLookup, fetch })
    const error = await refusal(resolver.resolve(requestWithImage('https://images.example.com/slow.png'), signal))
    expect(error.message).toContain('did not download within 0.05 s')
  })

  test('refuses every remote URL when remote fetching is off', async () => {
    const resolver = createRemoteAttachmentResolver({ config: { images: { ...config.images, allowRemoteFetch: false } }, lookup: publicLookup })
    const error = await refusal(resolver.resolve(requestWithImage('https://images.example.com/cat.png'), signal))
    expect(error.message).toContain('disabled')
  })

  test('passes a request without remote attachments through unchanged', async () => {
    const resolver = createRemoteAttachmentResolver({ config, lookup: publicLookup })
    const request: InternalRequest = { task: 'chat', model: 'm', messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }], generation: {}, stream: false }
    expect(await resolver.resolve(request, signal)).toBe(request)
  })
})
