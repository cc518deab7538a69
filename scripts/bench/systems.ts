/**
 * Starts and stops every process of a benchmark run: three emulators (zero-delay; paced for the
 * relay test; paced and longer for the 1,000-stream memory test), the bare proxy (B) and the
 * gateway (C, D, E) in front of them, and a throw-away redis-server for (E) when one is installed.
 */

import { existsSync } from 'node:fs'
import type { Subprocess } from 'bun'
import type { RequestSpec } from './load-generator.ts'
import { benchApiKey, buildGatewayRequest, buildStreamGenerateRequest, probeFormat, type ClientFormat } from './requests.ts'
import { findFreePort, spawnEntry, type SpawnedEntry } from './spawn-entry.ts'

export type SystemKey = 'A' | 'B' | 'C' | 'D' | 'E'

export const systemTitles: ReadonlyArray<{ key: SystemKey; title: string }> = [
  { key: 'A', title: 'A direct' },
  { key: 'B', title: 'B bare proxy' },
  { key: 'C', title: 'C gateway open' },
  { key: 'D', title: 'D gateway + limits' },
  { key: 'E', title: 'E + Redis' },
]

/** One system under test for the request measurements: where to send, and whose CPU counts. */
export type MeasuredSystem = {
  key: SystemKey
  /** Process whose CPU time is charged to this system (null for A: no process in between). */
  pid: number | null
  /** The request used for the first latency row (OpenAI for C/D/E, StreamGenerate for A/B). */
  primary: RequestSpec
  /** The request for the second latency row (Gemini for C/D/E, StreamGenerate again for A/B). */
  secondary: RequestSpec
}

export type Cluster = {
  systems: MeasuredSystem[]
  /** Why (E) is missing, when it is. */
  redisNote: string | null
  formats: { primary: ClientFormat; secondary: ClientFormat; notes: string[] }
  accessNote: string
  relay: { direct: RequestSpec; proxy: RequestSpec; gateway: RequestSpec; gatewayFrames: 'sse' }
  memory: { proxy: { pid: number; request: RequestSpec }; gateway: { pid: number; request: RequestSpec } }
  stop(): Promise<void>
}

const emulatorEntry = new URL('./emulator-entry.ts', import.meta.url).pathname
const proxyEntry = new URL('./proxy-entry.ts', import.meta.url).pathname
const serverEntry = new URL('./server-entry.ts', import.meta.url).pathname
const redisServerPath = '/usr/bin/redis-server'

async function startRedis(): Promise<{ url: string; process: Subprocess } | null> {
  if (!existsSync(redisServerPath)) return null
  const port = findFreePort()
  const child = Bun.spawn([redisServerPath, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdout: 'ignore', stderr: 'ignore' })
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const socket = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } })
      socket.end()
      return { url: `redis://127.0.0.1:${port}`, process: child }
    } catch {
      await Bun.sleep(100)
    }
  }
  child.kill()
  return null
}

/** The gateway's streaming request for a format that works, else the test format's. */
function gatewayStreamRequest(origin: string, format: ClientFormat): RequestSpec {
  return buildGatewayRequest(origin, format, true, benchApiKey)
}

export async function startCluster(options: { memoryFrames: number; relayFrames: number; frameDelayMs: number }): Promise<Cluster> {
  const started: SpawnedEntry[] = []
  const spawn = async (script: string, args: string[], label: string) => {
    const entry = await spawnEntry(script, args, label)
    started.push(entry)
    return entry
  }
  let redis: Awaited<ReturnType<typeof startRedis>> = null
  const stop = async () => {
    for (const entry of started.reverse()) await entry.stop()
    redis?.process.kill()
  }
  try {
    const zero = await spawn(emulatorEntry, [], 'emulator-zero')
    const paced = await spawn(emulatorEntry, [String(options.frameDelayMs), String(options.relayFrames)], 'emulator-paced')
    const long = await spawn(emulatorEntry, [String(options.frameDelayMs), String(options.memoryFrames)], 'emulator-memory')
    const proxy = await spawn(proxyEntry, [zero.origin], 'proxy')
    const proxyPaced = await spawn(proxyEntry, [paced.origin], 'proxy-paced')
    const proxyMemory = await spawn(proxyEntry, [long.origin], 'proxy-memory')
    const open = await spawn(serverEntry, ['bare', zero.origin], 'gateway-open')
    const full = await spawn(serverEntry, ['full', zero.origin], 'gateway-full')
    const fullPaced = await spawn(serverEntry, ['full', paced.origin], 'gateway-paced')
    const fullMemory = await spawn(serverEntry, ['full', long.origin], 'gateway-memory')
    redis = await startRedis()
    const withRedis = redis ? await spawn(serverEntry, ['redis', zero.origin, redis.url], 'gateway-redis') : null

    // Real formats when they work in this tree; the minimal test format otherwise (said in the report).
    const notes: string[] = []
    const choose = async (wanted: ClientFormat): Promise<ClientFormat> => {
      const probe = await probeFormat(full.origin, wanted, benchApiKey)
      if (probe.works) return wanted
      notes.push(`${wanted} chat route not usable in this tree (${probe.detail.replace(/\s+/g, ' ').slice(0, 120)}); measured the test format's /test/generate instead`)
      return 'test'
    }
    const primary = await choose('openai')
    const secondary = await choose('gemini')

    const directRequest = await buildStreamGenerateRequest(zero.origin, zero.origin)
    const viaProxy = { ...directRequest, url: directRequest.url.replace(zero.origin, proxy.origin) }
    const gatewaySystem = (key: SystemKey, entry: SpawnedEntry, apiKey: string | null): MeasuredSystem => ({
      key,
      pid: entry.pid,
      primary: buildGatewayRequest(entry.origin, primary, false, apiKey),
      secondary: buildGatewayRequest(entry.origin, secondary, false, apiKey),
    })
    const systems: MeasuredSystem[] = [
      { key: 'A', pid: null, primary: directRequest, secondary: directRequest },
      { key: 'B', pid: proxy.pid, primary: viaProxy, secondary: viaProxy },
      gatewaySystem('C', open, null),
      gatewaySystem('D', full, benchApiKey),
    ]
    if (withRedis) systems.push(gatewaySystem('E', withRedis, benchApiKey))

    const pacedDirect = await buildStreamGenerateRequest(paced.origin, paced.origin)
    const longDirect = await buildStreamGenerateRequest(long.origin, long.origin)
    return {
      systems,
      redisNote: redis ? null : 'skipped (no redis-server)',
      formats: { primary, secondary, notes },
      accessNote: full.note,
      relay: {
        direct: pacedDirect,
        proxy: { ...pacedDirect, url: pacedDirect.url.replace(paced.origin, proxyPaced.origin) },
        gateway: gatewayStreamRequest(fullPaced.origin, primary),
        gatewayFrames: 'sse',
      },
      memory: {
        proxy: { pid: proxyMemory.pid, request: { ...longDirect, url: longDirect.url.replace(long.origin, proxyMemory.origin) } },
        gateway: { pid: fullMemory.pid, request: gatewayStreamRequest(fullMemory.origin, primary) },
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
