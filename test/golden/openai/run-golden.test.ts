/**
 * Golden SSE files for the OpenAI chat stream: each folder holds the request, the parts the
 * backend streams, and the exact bytes the client must receive. The whole app runs (real
 * pipeline, fake backend); the request id is fixed through `x-request-id`, and `created` (the
 * only clock-dependent value) is normalised to 0. `UPDATE_GOLDEN=1` rewrites expected.sse.
 */

import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ProxyError, type ErrorKind } from '../../../src/core/errors.ts'
import type { StreamPart } from '../../../src/core/ir.ts'
import { createTestApp, postJson } from '../../helpers/create-test-app.ts'

const root = import.meta.dir
const update = process.env.UPDATE_GOLDEN === '1'

type WirePart = { type: string; error?: { kind: ErrorKind; message: string }; image?: Record<string, unknown> & { dataBase64: string } }

function toStreamPart(part: WirePart): StreamPart {
  if (part.type === 'error' && part.error) return { type: 'error', error: new ProxyError(part.error.kind, part.error.message) }
  if (part.type === 'image' && part.image) {
    const { dataBase64, ...image } = part.image
    return { type: 'image', image: { ...(image as { mimeType: string; width: number; height: number }), data: new Uint8Array(Buffer.from(dataBase64, 'base64')) } }
  }
  return part as StreamPart
}

function normalise(sse: string): string {
  return sse.replace(/"created":\d+/g, '"created":0')
}

const cases = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory()).sort()

describe('OpenAI golden streams', () => {
  test('the golden folders are present', () => {
    expect(cases).toEqual(['image-stream', 'mid-stream-error', 'text-stream', 'thought-stream'])
  })

  for (const name of cases) {
    test(name, async () => {
      const folder = join(root, name)
      const request = JSON.parse(readFileSync(join(folder, 'request.json'), 'utf8'))
      const parts = (JSON.parse(readFileSync(join(folder, 'parts.json'), 'utf8')) as WirePart[]).map(toStreamPart)
      const { app, fake } = createTestApp()
      fake!.script = () => parts
      const response = await app.handle(postJson('/v1/chat/completions', request, { 'x-request-id': `golden-${name}` }))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      const actual = normalise(await response.text())
      const expectedPath = join(folder, 'expected.sse')
      if (update) writeFileSync(expectedPath, actual)
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'))
    })
  }
})
