/**
 * The one golden-file runner: each case folder holds the request, the parts the fake backend
 * streams (`parts.json`; images as {mimeType, dataBase64, width, height}, errors as {kind,
 * message}), and the exact bytes the client must receive (`expected.sse` or `expected.json`, by
 * the response's content type). The whole app runs. Adding a case means adding a folder;
 * `UPDATE_GOLDEN=1` rewrites the expected files.
 */

import { describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ProxyError, type ErrorKind } from '../../src/core/errors.ts'
import type { StreamPart } from '../../src/core/ir.ts'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'

type GoldenPart = Record<string, unknown> & { type: string }
export type GoldenRequest = { path: string; body: unknown; status?: number }

export type GoldenSuite = {
  title: string
  directory: string
  /** The route and body of a case from its request.json. */
  readRequest(requestJson: unknown): GoldenRequest
  requestId(caseName: string): string
  /** Replaces values that change per run (clocks, random ids) before comparing. */
  normalise?: (body: string) => string
  /** The exact case list, when the suite pins it. */
  expectedCases?: string[]
  minimumCases?: number
  contentType?: string
  /** Extra checks on the received body (e.g. a JSON-array stream parses). */
  check?: (body: string, expectedFileName: string) => void
}

export function toStreamPart(part: GoldenPart): StreamPart {
  if (part.type === 'image') {
    // Every other field (url, alt) is kept as given.
    const { dataBase64, ...image } = part.image as { mimeType: string; dataBase64: string; width: number; height: number }
    return { type: 'image', image: { ...image, data: new Uint8Array(Buffer.from(dataBase64, 'base64')) } }
  }
  if (part.type === 'error') {
    const error = part.error as { kind: ErrorKind; message: string }
    return { type: 'error', error: new ProxyError(error.kind, error.message) }
  }
  return part as unknown as StreamPart
}

export function runGoldenCases(suite: GoldenSuite): void {
  const updating = process.env.UPDATE_GOLDEN === '1'
  const caseNames = readdirSync(suite.directory, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()

  describe(suite.title, () => {
    test('the golden folders are present', () => {
      if (suite.expectedCases) expect(caseNames).toEqual(suite.expectedCases)
      expect(caseNames.length).toBeGreaterThanOrEqual(suite.minimumCases ?? 1)
    })

    for (const name of caseNames) {
      test(name, async () => {
        const folder = join(suite.directory, name)
        const request = suite.readRequest(await Bun.file(join(folder, 'request.json')).json())
        const parts = ((await Bun.file(join(folder, 'parts.json')).json()) as GoldenPart[]).map(toStreamPart)
        const { app, fake } = createTestApp()
        fake!.script = () => parts
        const response = await app.handle(postJson(request.path, request.body, { 'x-request-id': suite.requestId(name) }))
        expect(response.status).toBe(request.status ?? 200)
        const contentType = response.headers.get('content-type')
        if (suite.contentType) expect(contentType).toBe(suite.contentType)
        const body = (suite.normalise ?? ((text: string) => text))(await response.text())
        const expectedFile = Bun.file(join(folder, `expected.${contentType?.startsWith('text/event-stream') ? 'sse' : 'json'}`))
        if (updating) await Bun.write(expectedFile, body)
        else if (!(await expectedFile.exists())) throw new Error(`Missing ${expectedFile.name}; run with UPDATE_GOLDEN=1 to create it`)
        expect(body).toBe(await expectedFile.text())
        suite.check?.(body, expectedFile.name ?? '')
      })
    }
  })
}
