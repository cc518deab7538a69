/**
 * System (B): the bare Bun passthrough proxy, the physical limit of a proxy on this runtime.
 * Bun.serve receives, the request body is buffered, fetch forwards it to the upstream, and the
 * upstream body is handed back as a stream. Nothing is parsed.
 * `bun run scripts/bench/proxy-entry.ts <upstream-origin>`
 */

const upstream = process.argv[2]
if (!upstream) throw new Error('usage: proxy-entry.ts <upstream-origin>')

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'content-encoding'])

function copyHeaders(source: Headers): Headers {
  const headers = new Headers()
  source.forEach((value, name) => {
    if (!hopByHop.has(name)) headers.append(name, value)
  })
  return headers
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  idleTimeout: 120,
  async fetch(request) {
    const url = new URL(request.url)
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer()
    const response = await fetch(upstream + url.pathname + url.search, {
      method: request.method,
      headers: copyHeaders(request.headers),
      body,
      redirect: 'manual',
      signal: request.signal,
    })
    return new Response(response.body, { status: response.status, headers: copyHeaders(response.headers) })
  },
})
console.log(JSON.stringify({ ready: true, origin: `http://127.0.0.1:${server.port}` }))
process.on('SIGTERM', () => void server.stop(true).then(() => process.exit(0)))
