/**
 * Cross-origin access to the API routes, for browser apps the operator chooses
 * (`server.corsOrigins`; none by default). Preflights are answered explicitly: 204 for an allowed
 * origin, 403 in the route's envelope otherwise, so a browser never reaches a route by accident.
 * Operator routes never take part: they refuse foreign origins (src/access/check-browser-origin.ts).
 */

export type CorsPolicy = {
  /** Whether a request from this origin may call the API routes. */
  allows(origin: string): boolean
  /** The answer to an allowed preflight. */
  answerPreflight(request: Request): Response
  /** Adds the headers that let the page read an answer (and our own headers on it). */
  decorate(request: Request, response: Response): Response
}

/** Headers the page may read besides the CORS-safelisted ones. */
const exposedHeaders = ['x-request-id', 'x-gemini-reverse-context', 'x-gemini-reverse-ignored-fields', 'retry-after', 'ratelimit', 'ratelimit-policy'].join(', ')

/** A browser caches a preflight answer this long (seconds). */
const preflightMaxAgeSeconds = 600

export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method')
}

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const anyOrigin = origins.includes('*')
  const allowed = new Set(origins.map((origin) => origin.replace(/\/+$/, '').toLowerCase()))
  const allowOrigin = (request: Request) => (anyOrigin ? '*' : request.headers.get('origin')!)
  return {
    allows: (origin) => anyOrigin || allowed.has(origin.toLowerCase()),
    answerPreflight(request) {
      const headers = new Headers({
        'access-control-allow-origin': allowOrigin(request),
        'access-control-allow-methods': 'GET, POST',
        'access-control-max-age': String(preflightMaxAgeSeconds),
        vary: 'Origin, Access-Control-Request-Headers',
      })
      // Any request header may be sent: every route still checks its key, whatever the origin.
      const requested = request.headers.get('access-control-request-headers')
      if (requested) headers.set('access-control-allow-headers', requested)
      return new Response(null, { status: 204, headers })
    },
    decorate(request, response) {
      response.headers.set('access-control-allow-origin', allowOrigin(request))
      response.headers.set('access-control-expose-headers', exposedHeaders)
      response.headers.append('vary', 'Origin')
      return response
    },
  }
}
