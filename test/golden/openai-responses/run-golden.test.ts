/**
 * Golden SSE files for the Responses API stream: each folder holds the request, the parts the
 * backend streams, and the exact bytes the client must receive. The whole app runs (real
 * pipeline, fake backend, core tool emulation); ids derive from the fixed `x-request-id`, tool
 * call ids (random in the emulation) and `created_at` are normalised. `UPDATE_GOLDEN=1` rewrites
 * expected.sse.
 */

import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StreamPart } from '../../../src/core/ir.ts'
import { createTestApp, postJson } from '../../helpers/create-test-app.ts'

const root = import.meta.dir
const update = process.env.UPDATE_GOLDEN === '1'

function normalise(sse: string): string {
  return sse.replace(/"created_at":\d+/g, '"created_at":0').replace(/"call_id":"call_[0-9a-f]+"/g, '"call_id":"call_0"')
}

const cases = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory()).sort()

describe('OpenAI Responses golden streams', () => {
  test('the golden folders are present', () => {
    expect(cases).toEqual(['function-call-stream', 'text-stream'])
  })

  for (const name of cases) {
    test(name, async () => {
      const folder = join(root, name)
      const request = JSON.parse(readFileSync(join(folder, 'request.json'), 'utf8'))
      const parts = JSON.parse(readFileSync(join(folder, 'parts.json'), 'utf8')) as StreamPart[]
      const { app, fake } = createTestApp()
      fake!.script = () => parts
      const response = await app.handle(postJson('/v1/responses', request, { 'x-request-id': `golden-${name}` }))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      const actual = normalise(await response.text())
      const expectedPath = join(folder, 'expected.sse')
      if (update) writeFileSync(expectedPath, actual)
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'))
    })
  }
})
