/**
 * One answer, start to finish: session check, prompt and uploads, the StreamGenerate call, the
 * body parsed as bytes arrive (frames → envelopes → snapshots → deltas), generated images
 * downloaded at the end, then `finish`. Metadata is held back until the first content delta so an
 * answer that is only an error throws (the core then renders a clean error) instead of starting a
 * stream. Success means at least one content frame; an empty answer is `upstream_bad_response`.
 */

import { ProxyError } from '../../core/errors.ts'
import type { InternalRequest, StreamPart } from '../../core/ir.ts'
import type { ModelSpec } from '../../models/model-spec.ts'
import type { BackendCallContext } from '../types.ts'
import type { Account } from './accounts.ts'
import { AnswerState, type AnswerError } from './answer-state.ts'
import type { BackendContext } from './backend-context.ts'
import { buildPromptPieces, type PendingAttachment } from './build-prompt.ts'
import { readContinuation, type ContinuationState } from './continue-conversation.ts'
import type { UploadedFile } from './build-request.ts'
import { Deadline } from './deadline.ts'
import { discoverModels, isDiscoveryStale } from './discover-models.ts'
import { fitPrompt } from './fit-prompt.ts'
import { downloadImage } from './download-image.ts'
import type { ExtractOptions } from './extract-candidate.ts'
import { mapBardError, mapHttpStatus, mapStatusEnvelope, mapThrown } from './map-error.ts'
import { FrameReader } from './parse-frames.ts'
import { readEnvelopes } from './read-envelopes.ts'
import { sendGenerate } from './send-generate.ts'
import { ensureSession } from './session.ts'
import { uploadAttachment } from './upload.ts'

export type AnswerInput = {
  context: BackendContext
  account: Account
  request: InternalRequest
  model: ModelSpec
  call: BackendCallContext
  extract: ExtractOptions
}

function mapAnswerError(error: AnswerError, context: BackendContext): ProxyError {
  if (error.type === 'bard') return mapBardError(error.code, context.protocol)
  if (error.type === 'status') return mapStatusEnvelope(error.code)
  return mapHttpStatus(error.status ?? 400, 'generate')
}

async function* readAnswer(input: AnswerInput, response: Response, deadline: Deadline, state: AnswerState): AsyncGenerator<StreamPart> {
  const { context } = input
  const reader = new FrameReader()
  const body = response.body
  if (!body) throw new ProxyError('upstream_bad_response', 'The upstream answered without a body')
  const stream = body.getReader()
  let metadataSent = false
  let routedModelSent: string | undefined
  const emit = function* (delta: { thought: string; text: string }): Generator<StreamPart> {
    if (!delta.thought && !delta.text) return
    if (!metadataSent) {
      metadataSent = true
      routedModelSent = state.routedModel
      yield {
        type: 'metadata',
        metadata: {
          ...(state.responseId ? { responseId: state.responseId } : {}),
          ...(state.conversationId ? { conversationId: state.conversationId } : {}),
          ...(state.routedModel ? { upstreamModel: state.routedModel } : {}),
        },
      }
    }
    if (delta.thought) yield { type: 'thought-delta', text: delta.thought }
    if (delta.text) yield { type: 'text-delta', text: delta.text }
  }
  const consume = function* (frames: unknown[]): Generator<StreamPart> {
    for (const frame of frames) for (const envelope of readEnvelopes(frame, context.protocol.bardErrorType)) yield* emit(state.apply(envelope))
  }
  try {
    deadline.touch()
    for (let guard = 0; guard < 10_000_000; guard++) {
      const { done, value } = await deadline.race(stream.read())
      if (done) break
      deadline.touch()
      yield* consume(reader.push(value))
    }
    yield* consume(reader.end())
    yield* emit(state.finish())
  } finally {
    stream.cancel().catch(() => undefined)
  }
  if (!metadataSent && (state.generatedImages.length > 0 || state.webImages.length > 0)) {
    metadataSent = true
    yield { type: 'metadata', metadata: { ...(state.responseId ? { responseId: state.responseId } : {}), ...(state.conversationId ? { conversationId: state.conversationId } : {}), ...(state.routedModel ? { upstreamModel: state.routedModel } : {}) } }
  }
  if (metadataSent && state.routedModel && state.routedModel !== routedModelSent) {
    // The routed model arrives only in the last content frame: send it as a metadata update.
    yield { type: 'metadata', metadata: { upstreamModel: state.routedModel } }
  }
  if (state.ignoredErrors.length > 0) input.call.logger.debug('upstream codes after a complete answer ignored', { codes: state.ignoredErrors })
}

async function uploadAll(input: AnswerInput, attachments: readonly PendingAttachment[], signal: AbortSignal): Promise<UploadedFile[]> {
  const files: UploadedFile[] = []
  for (const [index, attachment] of attachments.entries()) files.push(await uploadAttachment(input.context, input.account, attachment.source, attachment.filename, index, signal))
  return files
}

/** Conversations continue only on the same upstream model: role plus thinking. */
function reuseKey(model: ModelSpec): string | null {
  return model.upstream.role ? `${model.upstream.role}${model.upstream.thinking ? '+thinking' : ''}` : null
}

/** An answer is sent at most this often when it comes back empty (one retry). */
const maximumAttempts = 2

/** No content, and no error beyond a transient server one: judged by what came, not by a code alone. */
function isEmptyTransientAnswer(state: AnswerState, context: BackendContext): boolean {
  const hasContent = state.text !== '' || state.thoughts !== '' || state.generatedImages.length > 0
  if (state.contentFrames > 0 && hasContent) return false
  if (!state.error) return true
  const error = mapAnswerError(state.error, context)
  return error.scope === 'server' && error.retryable
}

/** 1052 with no content: the model id is not (any more) offered to this account. */
function isRefusedModel(state: AnswerState, context: BackendContext): boolean {
  return state.contentFrames === 0 && state.error !== undefined && mapAnswerError(state.error, context).kind === 'model_not_found'
}

/**
 * The first request of an account waits for its discovery (a brand-new model id must be known
 * before it can be asked for); later ones refresh a stale discovery in the background.
 */
async function ensureDiscovery(context: BackendContext, account: Account): Promise<void> {
  if (!account.discovered) {
    await discoverModels(context, account)
    return
  }
  if (isDiscoveryStale(context, account)) void discoverModels(context, account)
}

export async function* streamAnswer(input: AnswerInput): AsyncGenerator<StreamPart> {
  const { context, account, model } = input
  const deadline = new Deadline(input.call.signal, context.upstream.requestTimeoutSeconds, context.upstream.streamIdleTimeoutSeconds)
  let state = new AnswerState(input.extract)
  let yielded = false
  try {
    await deadline.race(ensureSession(context, account, deadline.signal))
    await deadline.race(ensureDiscovery(context, account))
    const reused = readContinuation(input.request.continuation, account, reuseKey(model))
    const prompt = fitPrompt(buildPromptPieces(input.request, reused?.consumedMessages ?? 0), { inlineBytes: context.upstream.promptInlineBytes, transcriptBytes: context.upstream.transcriptFileBytes })
    if (prompt.droppedTurns > 0) {
      input.call.logger.warn('conversation too long: oldest turns left out', { account: account.id, dropped_turns: prompt.droppedTurns })
      // Not content: an error after this still fails the request with its own status.
      yield { type: 'stream-start', warnings: [{ type: 'context-truncated', message: `The ${prompt.droppedTurns} oldest turns were left out because the conversation is too long` }] }
    }
    if (prompt.text.trim() === '' && prompt.attachments.length === 0) throw new ProxyError('invalid_request', 'The request has no text to send', { param: 'messages' })
    const files = await deadline.race(uploadAll(input, prompt.attachments, deadline.signal))
    for (let attempt = 1; attempt <= maximumAttempts; attempt++) {
      const response = await deadline.race(
        sendGenerate(context, account, { selector: model.upstream, prompt: prompt.text, files, ...(reused ? { conversation: reused.metadata } : {}) }, deadline.signal),
      )
      for await (const part of readAnswer(input, response, deadline, state)) {
        yielded = true
        yield part
      }
      if (yielded || attempt === maximumAttempts) break
      if (isRefusedModel(state, context)) {
        // The id this account was using is gone (Google renamed or replaced the model): ask again.
        input.call.logger.warn('the upstream refused the model id; discovering the account models again', { account: account.id })
        await deadline.race(discoverModels(context, account))
      } else if (isEmptyTransientAnswer(state, context)) {
        // An empty 200 (often with 1155) is transient: the same request usually answers the second time.
        input.call.logger.info('empty upstream answer; asking once more', { account: account.id, code: state.error?.type === 'bard' ? state.error.code : null })
      } else break
      state = new AnswerState(input.extract)
    }
    if (state.error) {
      const error = mapAnswerError(state.error, context)
      if (!yielded || state.contentFrames === 0) throw error
      account.recordError(error, context.now(), model.upstream.role)
      yield { type: 'error', error }
      return
    }
    const hasContent = state.text !== '' || state.thoughts !== '' || state.generatedImages.length > 0
    if (state.contentFrames === 0 || !hasContent) throw new ProxyError('upstream_bad_response', 'The upstream answer held no content')
    if (state.completion === 1 && !state.ended && state.generatedImages.length === 0) {
      yield { type: 'error', error: new ProxyError('upstream_bad_response', 'The upstream stream ended before the answer was complete') }
      return
    }
    for (const image of state.generatedImages) {
      const downloaded = await deadline.race(downloadImage(context, account, image.url, model.upstream.imageDownloadSuffix, image.alt, deadline.signal))
      yielded = true
      yield { type: 'image', image: downloaded }
    }
    if (state.conversationId && state.responseId && state.responseCandidateId) {
      const next: ContinuationState = {
        model: reuseKey(model),
        conversationId: state.conversationId,
        responseId: state.responseId,
        responseCandidateId: state.responseCandidateId,
        turnIndex: (reused?.metadata.turnIndex ?? 0) + 1,
        ...(state.contextToken ? { contextToken: state.contextToken } : {}),
      }
      yield { type: 'metadata', metadata: { continuation: { state: next, account: account.id } } }
    }
    account.recordSuccess(context.now())
    const blocked = state.completion !== undefined && context.protocol.blockedCompletionValues.includes(state.completion)
    yield { type: 'finish', reason: blocked ? 'content-filter' : 'stop', ...(state.completion !== undefined ? { raw: String(state.completion) } : {}) }
  } catch (thrown) {
    const error = deadline.reason ?? mapThrown(thrown)
    if (error.scope === 'credential') account.recordError(error, context.now(), model.upstream.role)
    if (!yielded) throw error
    yield { type: 'error', error }
  } finally {
    deadline.dispose()
  }
}
