/**
 * Listens with Bun.serve and shuts down gracefully. On shutdown: /health turns 503, the listener
 * stops accepting, in-flight requests and streams get until the grace deadline to finish, the
 * rest are ended with an error frame in their own format, then connections are closed.
 */

import type { App } from './create-app.ts'
import type { Config } from '../config/schema.ts'
import type { Logger } from '../lib/logger.ts'

export type RunningServer = {
  url: URL
  port: number
  /** Stops gracefully; resolves when every connection is closed. Safe to call twice. */
  shutdown(reason: string): Promise<void>
}

class PortInUseError extends Error {
  override readonly name = 'PortInUseError'
}

function explainPortInUse<T>(config: Config, listen: () => T): T {
  try {
    return listen()
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error
    throw new PortInUseError(`port ${config.server.port} is in use on ${config.server.host}: another gemini-reverse or another program listens there; stop it or choose another port (--port or PORT)`)
  }
}

/** Time for error frames of aborted streams to reach their clients before sockets close. */
const flushDelayMs = 250

export function startServer(options: { app: App; config: Config; logger: Logger; onStopped?: () => Promise<void> }): RunningServer {
  const { app, config, logger } = options
  const generationIdleSeconds = Math.min(255, Math.max(config.server.idleTimeoutSeconds, Math.ceil(config.upstream.requestTimeoutSeconds) + 15))
  const server = explainPortInUse(config, () => Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    // Bun's production mode sets SO_REUSEPORT unless told otherwise; a second instance would then
    // bind the same port and the kernel would split the requests between the two.
    reusePort: false,
    idleTimeout: config.server.idleTimeoutSeconds,
    // The body readers enforce server.maxBodyBytes as they read (src/pipeline/read-body.ts) and
    // answer 413 in the caller's format; Bun's own cap would answer first, with no body at all.
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    development: false,
    fetch(request, bunServer) {
      // A non-streaming generation (an image takes 30-90 s) sends no byte until it is done, so
      // its connection may idle as long as the upstream ceiling; Bun caps a timeout at 255 s.
      if (request.method === 'POST') bunServer.timeout(request, generationIdleSeconds)
      return app.handle(request, bunServer.requestIP(request)?.address ?? '127.0.0.1')
    },
  }))
  let stopping: Promise<void> | null = null
  const port = server.port ?? config.server.port
  const url = new URL(`http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`)
  logger.info('listening', { url: url.origin })

  async function stopGracefully(reason: string): Promise<void> {
    const graceMs = config.server.shutdownGraceSeconds * 1000
    logger.info('shutting down', { reason, in_flight: app.inFlight.count(), grace_seconds: config.server.shutdownGraceSeconds })
    void server.stop(false)
    const left = await app.inFlight.drain(graceMs)
    if (left > 0) {
      logger.warn('grace period over; ending requests still in flight', { count: left })
      app.inFlight.abortAll()
      await Bun.sleep(flushDelayMs)
    }
    await server.stop(true)
    await options.onStopped?.()
    logger.info('stopped')
  }

  return {
    url,
    port,
    shutdown: (reason) => (stopping ??= stopGracefully(reason)),
  }
}
