/**
 * Golden files: the exact bytes the Gemini routes send for a scripted backend stream. Each case
 * folder holds `request.json` ({path, body}), `parts.json` (what the fake backend yields; images
 * as {mimeType, dataBase64, width, height}) and `expected.<ext>` (the response body, byte for
 * byte). The request id is fixed with x-request-id, so responseId is deterministic.
 * `UPDATE_GOLDEN=1 bun test test/golden/gemini` rewrites the expected files.
 */

import { describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ProxyError, type ErrorKind } from '../../../src/core/errors.ts'
import type { StreamPart } from '../../../src/core/ir.ts'
import { createTestApp, postJson } from '../../helpers/create-test-app.ts'

type GoldenRequest = { path: string; body: unknown; status?: number }
type GoldenPart = Record<string, unknown> & { type: string }

const casesDirectory = import.meta.dir
const updating = process.env.UPDATE_GOLDEN === '1'

function toStreamPart(part: GoldenPart): StreamPart {
  if (part.type === 'image') {
    const image = part.image as { mimeType: string; dataBase64: string; width: number; height: number }
    return { type: 'image', image: { mimeType: image.mimeType, data: new Uint8Array(Buffer.from(image.dataBase64, 'base64')), width: image.width, height: image.height } }
  }
  if (part.type === 'error') {
    const error = part.error as { kind: ErrorKind; message: string }
    return { type: 'error', error: new ProxyError(error.kind, error.message) }
  }
  return part as unknown as StreamPart
}

function extensionFor(contentType: string | null): string {
  return contentType?.startsWith('text/event-stream') ? 'sse' : 'json'
}

const caseNames = readdirSync(casesDirectory, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()

describe('Gemini golden streams', () => {
  test('there are golden cases to run', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(4)
  })

  for (const name of caseNames) {
    test(name, async () => {
      const folder = join(casesDirectory, name)
      const request = (await Bun.file(join(folder, 'request.json')).json()) as GoldenRequest
      const parts = ((await Bun.file(join(folder, 'parts.json')).json()) as GoldenPart[]).map(toStreamPart)
      const testApp = createTestApp()
      testApp.fake!.script = () => parts
      const response = await testApp.app.handle(postJson(request.path, request.body, { 'x-request-id': `req_golden_${name}` }))
      expect(response.status).toBe(request.status ?? 200)
      const body = await response.text()
      const expectedFile = Bun.file(join(folder, `expected.${extensionFor(response.headers.get('content-type'))}`))
      if (updating || !(await expectedFile.exists())) {
        if (!updating) throw new Error(`Missing ${expectedFile.name}; run with UPDATE_GOLDEN=1 to create it`)
        await Bun.write(expectedFile, body)
      }
      expect(body).toBe(await expectedFile.text())
      // A JSON-array stream must parse as one JSON document, error or not.
      if (expectedFile.name?.endsWith('.json')) expect(() => JSON.parse(body)).not.toThrow()
    })
  }
})
