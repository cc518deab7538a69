/**
 * Sends one StreamGenerate request and returns the open response, handling what happens before
 * the first byte of the answer: redirects (login / bot check / consent), the xsrf 400 (refetch
 * the page token and retry once), 401/403 (force one cookie rotation, refetch, retry once) and
 * every other HTTP status mapped to its error kind.
 */

import { ProxyError } from '../../core/errors.ts'
import type { UpstreamSelector } from '../../models/model-spec.ts'
import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { buildGenerateRequest, type ConversationMetadata, type UploadedFile } from './build-request.ts'
import { classifyRedirect, mapHttpStatus, mapRedirect } from './map-error.ts'
import { readAllFrames } from './parse-frames.ts'
import { readEnvelopes } from './read-envelopes.ts'
import { rotateCookies } from './rotate-cookies.ts'
import { resolveUpstreamModel } from './resolve-upstream-model.ts'
import { refreshSession } from './session.ts'

export type GenerateInput = {
  selector: UpstreamSelector
  prompt: string
  files: UploadedFile[]
  conversation?: ConversationMetadata
}

function isXsrfRejection(body: string, bardErrorType: string): boolean {
  if (/xsrf/i.test(body)) return true
  return readAllFrames(body)
    .flatMap((frame) => readEnvelopes(frame, bardErrorType))
    .some((envelope) => envelope.type === 'http-error' && envelope.reason === 'xsrf')
}

export async function sendGenerate(context: BackendContext, account: Account, input: GenerateInput, signal: AbortSignal): Promise<Response> {
  let retriedXsrf = false
  let retriedAuth = false
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!account.tokens) await refreshSession(context, account, signal)
    const tokens = account.tokens
    if (!tokens) throw new ProxyError('upstream_unauthenticated', 'The account has no session')
    const built = buildGenerateRequest({
      protocol: context.protocol,
      tokens,
      selector: input.selector,
      // Resolved per attempt: a rediscovery between attempts may have changed the account's ids.
      model: resolveUpstreamModel(context.protocol, account, input.selector),
      clientUuid: account.clientUuid,
      prompt: input.prompt,
      files: input.files,
      requestNumber: context.nextRequestNumber(),
      uuid: crypto.randomUUID().toUpperCase(),
      ...(input.conversation ? { conversation: input.conversation } : {}),
      ...(account.accountIndex ? { accountIndex: account.accountIndex } : {}),
    })
    const response = await context.transport.send(account.store, built.url, { method: 'POST', headers: built.headers, body: built.body, signal })
    if (response.ok) return response
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      throw mapRedirect(classifyRedirect(new URL(response.headers.get('location') ?? '/', built.url).href, context.protocol), 'generate')
    }
    if (response.status === 400) {
      const body = await response.text()
      if (!retriedXsrf && isXsrfRejection(body, context.protocol.bardErrorType)) {
        retriedXsrf = true
        context.logger.info('xsrf token rejected; refetching the app page', { account: account.id })
        await refreshSession(context, account, signal)
        continue
      }
      if (retriedXsrf) throw new ProxyError('upstream_unauthenticated', 'The upstream rejected the XSRF token again after a fresh app page', { details: { upstreamHttpStatus: 400 } })
      throw mapHttpStatus(400, 'generate')
    }
    if ((response.status === 401 || response.status === 403) && !retriedAuth) {
      await response.body?.cancel()
      retriedAuth = true
      context.logger.info('upstream rejected the cookies; rotating once', { account: account.id, status: response.status })
      await rotateCookies(context, account, { force: true })
      await refreshSession(context, account, signal)
      continue
    }
    await response.body?.cancel()
    throw mapHttpStatus(response.status, 'generate', response.headers.get('retry-after'))
  }
  throw new ProxyError('upstream_unauthenticated', 'The upstream kept rejecting the request after a token refresh and a rotation')
}
