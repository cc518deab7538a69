/**
 * The core stage: resolves the model, answers model lookups and token counts itself, and for
 * generation calls the model's backend. The backend's stream is wrapped so that every stream
 * ends with a finish part carrying estimated usage, and generated images get a delivery URL.
 */

import type { AttachmentResolver, ImageStore } from '../../core/attachments.ts'
import { ProxyError } from '../../core/errors.ts'
import { createUsageCounter, estimateRequestTokens, type UsageCounter } from '../../core/estimate-tokens.ts'
import type { InternalRequest, StreamPart, Warning } from '../../core/ir.ts'
import { applyStructuredOutput } from '../../core/structured-output/apply-structured-output.ts'
import { applyToolEmulation } from '../../core/tool-emulation/apply-tool-emulation.ts'
import { streamWithImageOptions } from '../../core/image-generation/run-image-generation.ts'
import type { ModelRegistry } from '../../models/model-registry.ts'
import type { BackendPlugin } from '../../backends/types.ts'
import type { ModelSpec } from '../../models/model-spec.ts'
import type { ConversationTracker } from '../../conversations/track-conversations.ts'
import type { PipelineContext, Stage } from '../context.ts'

export type CoreDependencies = {
  models: ModelRegistry
  backends: ReadonlyMap<string, BackendPlugin>
  attachments: AttachmentResolver
  images: ImageStore | null
  /** Largest single attachment (image or file), inline or fetched. */
  maxAttachmentBytes: number
  /** Continues upstream conversations (src/conversations/); null sends the whole history each time. */
  conversations?: ConversationTracker | null
}

function checkAttachmentSizes(request: InternalRequest, maxBytes: number): void {
  for (const message of request.messages) {
    for (const part of message.parts) {
      if ((part.type === 'image' || part.type === 'file') && part.source.kind === 'bytes' && part.source.data.byteLength > maxBytes) {
        throw new ProxyError('payload_too_large', `An attachment is ${part.source.data.byteLength} bytes; the limit is ${maxBytes} bytes`)
      }
    }
  }
}

function checkCapabilities(request: InternalRequest, model: ModelSpec): void {
  if (request.task === 'image-generation' && !model.capabilities.imageGeneration) {
    throw new ProxyError('invalid_request', `The model "${model.id}" does not generate images; use an image model such as gemini-2.5-flash-image`, { param: 'model' })
  }
  if (request.task === 'image-edit' && !model.capabilities.imageEditing) {
    throw new ProxyError('invalid_request', `The model "${model.id}" does not edit images; use an image model such as gemini-2.5-flash-image`, { param: 'model' })
  }
  const hasAttachment = request.messages.some((message) => message.parts.some((part) => part.type === 'image' || part.type === 'file'))
  if (hasAttachment && !model.capabilities.vision) {
    throw new ProxyError('invalid_request', `The model "${model.id}" does not accept images or files`, { param: 'messages' })
  }
}

/**
 * Every stream the core hands on starts with the request's warnings (when there are any), counts
 * usage once as parts pass, gives generated images a delivery URL, and ends with a finish part.
 */
async function* finishWithUsage(
  parts: AsyncIterable<StreamPart>,
  counter: UsageCounter,
  warnings: Warning[],
  /** Where generated images are stored for URL delivery; null keeps them inline only. */
  images: ImageStore | null,
): AsyncGenerator<StreamPart> {
  if (warnings.length > 0) yield { type: 'stream-start', warnings }
  let finished = false
  for await (const part of parts) {
    counter.countPart(part)
    if (part.type === 'image') {
      if (images && !part.image.url) {
        yield { type: 'image', image: { ...part.image, url: await images.save(part.image) } }
        continue
      }
    } else if (part.type === 'finish') {
      finished = true
      yield { ...part, usage: part.usage ?? counter.usage() }
      continue
    }
    yield part
  }
  if (!finished) yield { type: 'finish', reason: 'stop', usage: counter.usage() }
}

export function createCoreStage(dependencies: CoreDependencies): Stage {
  return async function callCore(context: PipelineContext, next) {
    const operation = context.match.operation
    if (operation === 'list-models') {
      context.result = { kind: 'models', models: dependencies.models.list() }
      return next()
    }
    if (operation === 'get-model') {
      context.model = dependencies.models.resolve(context.match.modelId ?? '')
      context.result = { kind: 'model', model: context.model }
      return next()
    }
    const internal = context.internal
    if (!internal) throw new ProxyError('internal', 'The request was not decoded before the core stage')
    const model = dependencies.models.resolve(internal.model)
    context.model = model
    if (operation === 'count-tokens') {
      context.result = { kind: 'token-count', totalTokens: estimateRequestTokens(internal) }
      return next()
    }
    checkCapabilities(internal, model)
    const backend = dependencies.backends.get(model.backend)
    if (!backend) throw new ProxyError('internal', `No backend "${model.backend}" is registered for model "${model.id}"`)
    checkAttachmentSizes(internal, dependencies.maxAttachmentBytes)
    const attached = await dependencies.attachments.resolve(internal, context.signal)
    context.internal = attached
    // The caller's conversation so far may already be upstream: then only the new turns go up.
    const caller = context.client.keyName ?? context.client.address
    const conversations = dependencies.conversations ?? null
    if (attached.previousRequestId && !conversations) throw new ProxyError('unsupported_feature', "'previous_response_id' needs conversations (conversations.enabled); send the whole conversation instead", { param: 'previous_response_id' })
    const resolved = conversations ? await conversations.prepare(attached, caller, context.request.headers.get('x-gemini-reverse-conversation') === 'new') : attached
    const call = { signal: context.signal, requestId: context.requestId, logger: context.logger }
    // What the web backend has no parameter for is applied around it: tools and JSON answers are
    // asked for through the prompt, and image options (aspect ratio, n) through hints and repeated calls.
    const structured = applyStructuredOutput(resolved)
    const emulation = applyToolEmulation(structured?.request ?? resolved, { onInvalidBlock: (reason) => context.logger.warn('tool block shown as text', { reason }) })
    const prepared = emulation?.request ?? structured?.request ?? resolved
    const backendParts = streamWithImageOptions(prepared, (request) => backend.stream(request, model, call), context.signal)
    const toolParts = emulation ? emulation.transform(backendParts) : backendParts
    // A fence the model may put around JSON comes off after tool calls are read.
    const parts = structured ? structured.transform(toolParts) : toolParts
    const store = resolved.imageUrls ? dependencies.images : null
    // Usage counts the caller's request, not the protocol text, so it agrees with countTokens.
    const counter = createUsageCounter(estimateRequestTokens(resolved))
    const tracked = conversations ? conversations.observe(parts, resolved, caller, context.requestId) : parts
    context.result = { kind: 'stream', parts: finishWithUsage(tracked, counter, context.warnings, store), usage: counter.usage }
    return next()
  }
}
