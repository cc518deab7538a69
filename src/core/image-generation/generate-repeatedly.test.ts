import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../errors.ts'
import type { StreamPart } from '../ir.ts'
import { encodeTestPng } from '../../../test/images/test-images.ts'
import { generateImagesRepeatedly } from './generate-repeatedly.ts'

const image = (side: number): StreamPart => ({ type: 'image', image: { mimeType: 'image/png', data: encodeTestPng(side, side), width: side, height: side } })
const usage = { inputTokens: 1, outputTokens: 2, thoughtTokens: 0, totalTokens: 3 }

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const result: StreamPart[] = []
  for await (const part of parts) result.push(part)
  return result
}

function scripted(runs: Array<StreamPart[] | ProxyError>) {
  let calls = 0
  const runOnce = async function* (): AsyncGenerator<StreamPart> {
    const run = runs[calls] ?? []
    calls += 1
    if (run instanceof ProxyError) throw run
    yield* run
  }
  return { runOnce, calls: () => calls }
}

describe('generateImagesRepeatedly', () => {
  test('runs the backend n times and returns one stream with n images, first text only, one finish', async () => {
    const run = (side: number): StreamPart[] => [{ type: 'text-delta', text: `Here ${side}` }, image(side), { type: 'finish', reason: 'stop', usage }]
    const backend = scripted([run(2), run(3), run(4)])
    const parts = await collect(generateImagesRepeatedly({ count: 3, runOnce: backend.runOnce }))
    expect(backend.calls()).toBe(3)
    expect(parts.filter((part) => part.type === 'image').map((part) => (part.type === 'image' ? part.image.width : 0))).toEqual([2, 3, 4])
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'Here 2' }])
    expect(parts.filter((part) => part.type === 'finish')).toEqual([{ type: 'finish', reason: 'stop', usage: { inputTokens: 3, outputTokens: 6, thoughtTokens: 0, totalTokens: 9 } }])
  })

  test('stops early when one call already made enough images, and trims the extra ones', async () => {
    const backend = scripted([[image(2), image(3), image(4)], [image(5)]])
    const parts = await collect(generateImagesRepeatedly({ count: 2, runOnce: backend.runOnce }))
    expect(backend.calls()).toBe(1)
    expect(parts.filter((part) => part.type === 'image')).toHaveLength(2)
  })

  test('a call without an image ends the repetition; a failure after images keeps them', async () => {
    const refusing = scripted([[image(2)], [{ type: 'text-delta', text: 'no' }], [image(3)]])
    expect((await collect(generateImagesRepeatedly({ count: 3, runOnce: refusing.runOnce }))).filter((part) => part.type === 'image')).toHaveLength(1)
    expect(refusing.calls()).toBe(2)
    const failing = scripted([[image(2)], new ProxyError('upstream_unavailable', 'down')])
    const parts = await collect(generateImagesRepeatedly({ count: 2, runOnce: failing.runOnce }))
    expect(parts.map((part) => part.type)).toEqual(['image', 'finish'])
  })

  test('a failure before any image is the request failure', async () => {
    const backend = scripted([[{ type: 'error', error: new ProxyError('upstream_timeout', 'slow') }]])
    await expect(collect(generateImagesRepeatedly({ count: 2, runOnce: backend.runOnce }))).rejects.toMatchObject({ kind: 'upstream_timeout' })
  })
})
