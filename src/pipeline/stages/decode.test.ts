import { describe, expect, it } from 'bun:test'
import { createStageContext, recordNext } from '../../../test/helpers/stage-context.ts'
import { createDecodeStage } from './decode.ts'

describe('decode stage', () => {
  it('decodes the body with the route format into the internal request', async () => {
    const context = createStageContext({ model: 'gemini-2.5-pro', prompt: 'hello', stream: true })
    await createDecodeStage()(context, recordNext().next)
    expect(context.internal).toMatchObject({ model: 'gemini-2.5-pro', stream: true, messages: [{ role: 'user', parts: [{ type: 'text', text: 'hello' }] }] })
  })

  it('reads no body for model lists and lookups', async () => {
    const context = createStageContext({ prompt: 'x' }, { operation: 'get-model', modelId: 'gemini-2.5-pro' })
    const { next, called } = recordNext()
    await createDecodeStage()(context, next)
    expect(context.internal).toBeUndefined()
    expect(context.request.bodyUsed).toBe(false)
    expect(called()).toBe(true)
  })
})
