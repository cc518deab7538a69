import { describe, expect, it } from 'bun:test'
import { inlineOnlyResolver } from '../../core/attachments.ts'
import type { StreamPart } from '../../core/ir.ts'
import { createConfiguredModelRegistry } from '../../models/model-registry.ts'
import { createFakeBackend } from '../../../test/helpers/fake-backend.ts'
import { createStageContext, recordNext } from '../../../test/helpers/stage-context.ts'
import { createCoreStage } from './core.ts'
import { createDecodeStage } from './decode.ts'

const models = createConfiguredModelRegistry({ models: [], modelNameRules: [] })

function coreWith(parts: StreamPart[]) {
  const backend = createFakeBackend(() => parts)
  const saved: string[] = []
  const stage = createCoreStage({
    models,
    backends: new Map([[backend.id, backend]]),
    attachments: inlineOnlyResolver,
    images: { save: async () => { saved.push('image'); return 'http://localhost/images/x.png' } },
    maxAttachmentBytes: 1024,
  })
  return { stage, backend, saved }
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const seen: StreamPart[] = []
  for await (const part of parts) seen.push(part)
  return seen
}

async function decoded(body: unknown) {
  const context = createStageContext(body)
  await createDecodeStage()(context, recordNext().next)
  return context
}

describe('core stage', () => {
  it('answers model lists and lookups itself', async () => {
    const { stage, backend } = coreWith([])
    const list = createStageContext({}, { operation: 'list-models' })
    await stage(list, recordNext().next)
    expect(list.result).toMatchObject({ kind: 'models' })
    const lookup = createStageContext({}, { operation: 'get-model', modelId: 'models/gemini-flash' })
    await stage(lookup, recordNext().next)
    expect(lookup.model?.id).toBe('gemini-2.5-flash')
    expect(backend.calls).toHaveLength(0)
  })

  it('streams the backend answer with warnings first, usage counted once and a finish at the end', async () => {
    const { stage, backend } = coreWith([{ type: 'text-delta', text: 'abcdefgh' }])
    const context = await decoded({ model: 'gemini-2.5-pro', prompt: 'hello' })
    context.warnings.push({ type: 'ignored-field', field: 'logprobs' })
    await stage(context, recordNext().next)
    if (context.result?.kind !== 'stream') throw new Error('expected a stream')
    const parts = await collect(context.result.parts)
    expect(parts[0]).toEqual({ type: 'stream-start', warnings: [{ type: 'ignored-field', field: 'logprobs' }] })
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'stop', usage: { outputTokens: 2 } })
    expect(context.result.usage().outputTokens).toBe(2)
    expect(backend.calls[0]!.model.id).toBe('gemini-2.5-pro')
  })

  it('gives generated images a delivery URL when the request wants URLs', async () => {
    const image: StreamPart = { type: 'image', image: { mimeType: 'image/png', data: new Uint8Array([1]), width: 1, height: 1 } }
    const { stage, saved } = coreWith([image])
    const context = await decoded({ model: 'gemini-2.5-flash', prompt: 'x' })
    context.internal = { ...context.internal!, imageUrls: true }
    await stage(context, recordNext().next)
    if (context.result?.kind !== 'stream') throw new Error('expected a stream')
    const parts = await collect(context.result.parts)
    expect(parts.find((part) => part.type === 'image')).toMatchObject({ image: { url: 'http://localhost/images/x.png' } })
    expect(saved).toEqual(['image'])
  })

  it('refuses an image task on a text model before calling the backend', async () => {
    const { stage, backend } = coreWith([])
    const context = await decoded({ model: 'gemini-2.5-flash', prompt: 'x' })
    context.internal = { ...context.internal!, task: 'image-generation' }
    await expect(stage(context, recordNext().next)).rejects.toMatchObject({ kind: 'invalid_request', param: 'model' })
    expect(backend.calls).toHaveLength(0)
  })
})
