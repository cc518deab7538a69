/**
 * The auth stage: asks the configured authenticator who the caller is before anything else
 * happens (no body is read for an unauthenticated caller). With no API keys configured, the
 * open authenticator accepts every caller, as docs/compatibility.md describes.
 */

import type { ClientIdentity, PipelineContext, Stage } from '../context.ts'

export interface Authenticator {
  /** Returns the caller's identity or throws ProxyError('unauthenticated'). */
  authenticate(request: Request, url: URL, client: ClientIdentity): ClientIdentity | Promise<ClientIdentity>
}

export const openAuthenticator: Authenticator = {
  authenticate: (_request, _url, client) => client,
}

export function createAuthStage(authenticator: Authenticator): Stage {
  return async function authenticate(context: PipelineContext, next) {
    context.client = await authenticator.authenticate(context.request, context.url, context.client)
    await next()
  }
}
