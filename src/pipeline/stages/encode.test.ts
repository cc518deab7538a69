import { describe, expect, it } from 'bun:test'
import type { StreamPart } from '../../core/ir.ts'
import { builtinModels } from '../../models/model-table.ts'
import { createStageContext, recordNext } from '../../../test/helpers/stage-context.ts'
import { createDecodeStage } from './decode.ts'
import { createEncodeStage } from './encode.ts'

const encode = createEncodeStage({ keepAliveMs: 1000, onStreamClose: () => undefined })

async function* partsOf(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  yield* parts
}

async function decodedContext(body: unknown) {
  const context = createStageContext(body)
  await createDecodeStage()(context, recordNext().next)
  context.model = builtinModels[0]!
  return context
}

const answer: StreamPart[] = [
  { type: 'stream-start', warnings: [{ type: 'ignored-field', field: 'seed' }] },
  { type: 'text-delta', text: 'hi' },
  { type: 'finish', reason: 'stop' },
]
const usage = () => ({ inputTokens: 1, outputTokens: 1, thoughtTokens: 0, totalTokens: 2 })

describe('encode stage', () => {
  it('renders a whole answer as JSON with its warning headers', async () => {
    const context = await decodedContext({ prompt: 'x' })
    context.result = { kind: 'stream', parts: partsOf(answer), usage }
    await encode(context, recordNext().next)
    expect(context.response!.headers.get('content-type')).toContain('application/json')
    expect(context.response!.headers.get('x-gemini-reverse-ignored-fields')).toBe('seed')
    expect(await context.response!.json()).toMatchObject({ text: 'hi', finish: 'stop' })
  })

  it('streams with the format encoder and marks the context as streaming', async () => {
    const context = await decodedContext({ prompt: 'x', stream: true })
    context.result = { kind: 'stream', parts: partsOf(answer), usage }
    await encode(context, recordNext().next)
    expect(context.streaming).toBe(true)
    expect(context.response!.headers.get('cache-control')).toBe('no-cache')
    expect(context.response!.headers.get('x-gemini-reverse-ignored-fields')).toBe('seed')
    expect(await context.response!.text()).toContain('"text":"hi"')
  })

  it('renders model lists with the format encoder', async () => {
    const context = createStageContext({}, { operation: 'list-models' })
    context.result = { kind: 'models', models: builtinModels }
    await encode(context, recordNext().next)
    expect(((await context.response!.json()) as { ids: string[] }).ids).toHaveLength(builtinModels.length)
  })

  it('answers 400, not a crash, when the format has no encoder for the result', async () => {
    const context = createStageContext({}, { operation: 'count-tokens' })
    const withoutCounter = { ...context.format, encodeTokenCount: undefined }
    const stripped = { ...context, format: withoutCounter, model: builtinModels[0]!, internal: { task: 'count-tokens', model: 'm', messages: [], generation: {}, stream: false } } as typeof context
    stripped.result = { kind: 'token-count', totalTokens: 3 }
    await expect(encode(stripped, recordNext().next)).rejects.toMatchObject({ kind: 'unsupported_feature' })
  })
})
