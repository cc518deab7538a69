/**
 * Starts a throwaway redis-server on 127.0.0.1 for the shared-limit tests: no persistence, a free
 * port, stopped and restarted on demand (to test outages). A missing redis-server is installed
 * with apt-get once; if that fails the test fails with a message saying how to install it.
 */

import { RedisClient, type Subprocess } from 'bun'

export type LocalRedis = { port: number; url: string; stop(): Promise<void>; start(): Promise<void> }

function findRedisServer(): string {
  const found = Bun.which('redis-server')
  if (found) return found
  const install = Bun.spawnSync(['apt-get', 'install', '-y', 'redis-server'], { stdout: 'ignore', stderr: 'ignore', timeout: 180_000 })
  const installed = Bun.which('redis-server')
  if (installed) return installed
  throw new Error(`redis-server is not installed and "apt-get install -y redis-server" failed (exit ${install.exitCode}); install the Debian package redis-server to run this test`)
}

async function findFreePort(): Promise<number> {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
  const port = probe.port!
  await probe.stop(true)
  return port
}

async function waitUntilReady(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new RedisClient(url, { connectionTimeout: 200, autoReconnect: false, enableOfflineQueue: false })
    try {
      await client.connect()
      if ((await client.send('PING', [])) === 'PONG') return true
    } catch {
      await Bun.sleep(50)
    } finally {
      client.close()
    }
  }
  return false
}

export async function startLocalRedis(): Promise<LocalRedis> {
  const executable = findRedisServer()
  const port = await findFreePort()
  const url = `redis://127.0.0.1:${port}`
  let process: Subprocess | null = null
  const redis: LocalRedis = {
    port,
    url,
    async start() {
      process = Bun.spawn([executable, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdout: 'ignore', stderr: 'ignore' })
      if (!(await waitUntilReady(url))) {
        process.kill()
        throw new Error(`redis-server did not start on port ${port}`)
      }
    },
    async stop() {
      if (!process) return
      process.kill()
      await process.exited
      process = null
    },
  }
  await redis.start()
  return redis
}
