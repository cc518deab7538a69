import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../config/load-config.ts'
import { createTestApp, getPath } from '../../../test/helpers/create-test-app.ts'
import { encodeTestPng } from '../../../test/images/test-images.ts'
import { createImageRoutes } from './image-routes.ts'
import { createImageStore } from './image-store.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'image-routes-'))
const clock = { now: 1_700_000_000_000 }
const config = buildConfig({ file: { dataDir, images: { retentionHours: 1 } }, env: {} })
const store = createImageStore({ config, now: () => clock.now, sweepIntervalMs: 0, baseUrl: 'http://localhost' })
const { app } = createTestApp({ config: { dataDir }, logLevel: 'silent', dependencies: { plainRoutes: createImageRoutes(store, () => clock.now), images: store } })

afterAll(() => {
  store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('GET /images/:file', () => {
  test('serves the stored bytes with the true type and a private cache lifetime', async () => {
    const png = encodeTestPng(12, 10)
    const url = await store.save({ mimeType: 'image/png', data: png, width: 12, height: 10 })
    const response = await app.handle(getPath(new URL(url).pathname))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('cache-control')).toBe('private, max-age=3600')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(png))
  })

  test('404 for unknown, wrong-extension and expired images', async () => {
    const url = await store.save({ mimeType: 'image/png', data: encodeTestPng(2, 2), width: 2, height: 2 })
    const path = new URL(url).pathname
    expect((await app.handle(getPath(`/images/${'b'.repeat(32)}.png`))).status).toBe(404)
    expect((await app.handle(getPath(path.replace('.png', '.jpg')))).status).toBe(404)
    clock.now += 3_600_000
    const expired = await app.handle(getPath(path))
    expect(expired.status).toBe(404)
    expect(((await expired.json()) as { error: { message: string } }).error.message).toContain('expired')
  })

  test('refuses traversal and malformed names without touching the file system', async () => {
    writeFileSync(join(dataDir, 'secret.png'), 'not for you')
    for (const path of ['/images/..%2Fsecret.png', '/images/%2E%2E%2Fsecret.png', '/images/secret.png', `/images/${'c'.repeat(32)}`, '/images/..%2F..%2Fetc%2Fpasswd']) {
      const response = await app.handle(getPath(path))
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toContain('application/json')
    }
  })
})
