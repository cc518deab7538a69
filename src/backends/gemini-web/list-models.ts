/**
 * Reads the account's current model list through batchexecute `otAQ7b` (docs/upstream-protocol.md,
 * "Discovery"): the account status code at [14], the models at [15] (hex, name, description,
 * versioned name, mode category at [17]), the tier flags at [16] and the capability flags at [17],
 * from which the account's tier and the model header's capacity value follow.
 */

import { ProxyError } from '../../core/errors.ts'
import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { buildBatchRequest } from './build-request.ts'
import { readNumber, readString } from './jspb.ts'
import { mapHttpStatus, mapStatusEnvelope } from './map-error.ts'
import { readAllFrames } from './parse-frames.ts'
import { readEnvelopes } from './read-envelopes.ts'
import { ensureSession } from './session.ts'

export type UpstreamModel = { hex: string; name?: string; description?: string; versionedName?: string; modeCategory?: number }

export type UpstreamModelList = { accountStatus: number | null; models: UpstreamModel[]; tierFlags: number[]; capabilityFlags: number[] }

function readNumbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : []
}

function readModelList(payload: unknown): UpstreamModelList {
  const entries = Array.isArray(payload) && Array.isArray(payload[15]) ? (payload[15] as unknown[]) : []
  const models: UpstreamModel[] = []
  for (const entry of entries) {
    const hex = readString(entry, [0])
    if (!hex) continue
    const name = readString(entry, [1])
    const description = readString(entry, [2])
    const versionedName = readString(entry, [11])
    const modeCategory = readNumber(entry, [17])
    models.push({ hex, ...(name ? { name } : {}), ...(description ? { description } : {}), ...(versionedName ? { versionedName } : {}), ...(modeCategory !== undefined ? { modeCategory } : {}) })
  }
  const list = Array.isArray(payload) ? payload : []
  return { accountStatus: typeof list[14] === 'number' ? list[14] : null, models, tierFlags: readNumbers(list[16]), capabilityFlags: readNumbers(list[17]) }
}

export async function fetchUpstreamModels(context: BackendContext, account: Account): Promise<UpstreamModelList> {
  const signal = AbortSignal.timeout(context.upstream.requestTimeoutSeconds * 1000)
  await ensureSession(context, account, signal)
  if (!account.tokens) throw new ProxyError('upstream_unauthenticated', 'The account has no session')
  const rpcId = context.protocol.rpcIds.modelList
  const built = buildBatchRequest({ protocol: context.protocol, tokens: account.tokens, rpcId, payload: [], requestNumber: context.nextRequestNumber(), clientUuid: account.clientUuid, ...(account.accountIndex ? { accountIndex: account.accountIndex } : {}) })
  const response = await context.transport.send(account.store, built.url, { method: 'POST', headers: built.headers, body: built.body, signal })
  if (!response.ok) {
    await response.body?.cancel()
    throw mapHttpStatus(response.status, 'model list', response.headers.get('retry-after'))
  }
  const envelopes = readAllFrames(new Uint8Array(await response.arrayBuffer())).flatMap((frame) => readEnvelopes(frame, context.protocol.bardErrorType))
  for (const envelope of envelopes) {
    if (envelope.type === 'payload' && envelope.rpcId === rpcId) return readModelList(envelope.payload)
    if (envelope.type === 'status' && envelope.rpcId === rpcId) throw mapStatusEnvelope(envelope.code)
  }
  throw new ProxyError('upstream_bad_response', 'The model list answer held no payload')
}
