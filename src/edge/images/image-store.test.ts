import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../config/load-config.ts'
import { createLogger } from '../../lib/logger.ts'
import type { GeneratedImage } from '../../core/ir.ts'
import { encodeTestJpeg, encodeTestPng } from '../../../test/images/test-images.ts'
import { createImageStore, imageIdPattern } from './image-store.ts'
import { resolvePublicBaseUrl } from './public-base-url.ts'

const directories: string[] = []
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true })
})

function makeDataDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'image-store-'))
  directories.push(directory)
  return directory
}

function makeConfig(dataDir: string, images: Record<string, unknown> = {}, server: Record<string, unknown> = {}) {
  return buildConfig({ file: { dataDir, images, server: { publicBaseUrl: 'https://img.example.com/', ...server } }, env: {} })
}

function pngImage(width = 8, height = 6): GeneratedImage {
  return { mimeType: 'image/png', data: encodeTestPng(width, height), width, height }
}

function idOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1).split('.')[0]!
}

describe('createImageStore', () => {
  test('saves under an unguessable URL on the public origin and reads the same bytes back', async () => {
    const clock = { now: 1_000_000 }
    const store = createImageStore({ config: makeConfig(makeDataDir()), now: () => clock.now, sweepIntervalMs: 0 })
    const image = pngImage(9, 7)
    const url = await store.save(image)
    expect(url).toMatch(/^https:\/\/img\.example\.com\/images\/[A-Za-z0-9_-]{32}\.png$/)
    const stored = await store.read(idOf(url))
    expect(stored?.data).toEqual(image.data)
    expect(stored).toMatchObject({ mimeType: 'image/png', extension: 'png', width: 9, height: 7, createdAt: 1_000_000, expiresAt: 1_000_000 + 24 * 3_600_000 })
    const second = await store.save(image)
    expect(idOf(second)).not.toBe(idOf(url))
    store.close()
  })

  test('stores the type the bytes show, not the label the backend gave', async () => {
    const store = createImageStore({ config: makeConfig(makeDataDir()), sweepIntervalMs: 0 })
    const url = await store.save({ mimeType: 'image/png', data: encodeTestJpeg(16, 16), width: 1, height: 1 })
    expect(url.endsWith('.jpg')).toBe(true)
    expect(await store.read(idOf(url))).toMatchObject({ mimeType: 'image/jpeg', width: 16, height: 16 })
    store.close()
  })

  test('an expired image is gone on read and removed by the sweep, with an injectable clock', async () => {
    const clock = { now: 0 }
    const dataDir = makeDataDir()
    const store = createImageStore({ config: makeConfig(dataDir, { retentionHours: 1 }), now: () => clock.now, sweepIntervalMs: 0 })
    const first = await store.save(pngImage())
    clock.now = 30 * 60_000
    const second = await store.save(pngImage())
    clock.now = 60 * 60_000
    expect(await store.read(idOf(first))).toBeNull()
    expect(await store.read(idOf(second))).not.toBeNull()
    clock.now = 91 * 60_000
    expect(await store.deleteExpired()).toBe(1)
    expect(readdirSync(store.directory)).toEqual([])
    expect(store.totalBytes()).toBe(0)
    store.close()
  })

  test('the size cap deletes the oldest images first and keeps the newest', async () => {
    const clock = { now: 0 }
    const minimumKeepSeconds = 0
    // A gradient does not compress away, so the image is comfortably larger than the 1 KiB minimum cap.
    const image = { mimeType: 'image/png', data: encodeTestPng(48, 48, [1, 2, 3], true), width: 48, height: 48 }
    const size = image.data.length
    expect(size).toBeGreaterThan(1024)
    const store = createImageStore({ config: makeConfig(makeDataDir(), { maxStoreBytes: Math.floor(size * 2.5), minimumKeepSeconds }), now: () => clock.now, sweepIntervalMs: 0 })
    const urls: string[] = []
    for (let index = 0; index < 4; index += 1) {
      clock.now += 1000
      urls.push(await store.save(image))
    }
    const present = await Promise.all(urls.map(async (url) => (await store.read(idOf(url))) !== null))
    expect(present).toEqual([false, false, true, true])
    expect(store.totalBytes()).toBe(size * 2)
    expect(readdirSync(store.directory).length).toBe(4)
    store.close()
  })

  test('never deletes an image younger than the grace period: every URL handed out opens, a full store refuses (issue reproducer)', async () => {
    const clock = { now: 0 }
    const image = { mimeType: 'image/png', data: encodeTestPng(48, 48, [1, 2, 3], true), width: 48, height: 48 }
    const size = image.data.length
    const store = createImageStore({ config: makeConfig(makeDataDir(), { maxStoreBytes: size * 4, minimumKeepSeconds: 60 }), now: () => clock.now, sweepIntervalMs: 0 })
    const handedOut: Array<{ url: string; at: number }> = []
    const refusals: Array<{ status: number; retryAfterSeconds?: number }> = []
    // 160 images 10 s apart under a cap of four: the reproducer lost 157 of 160 URLs.
    for (let index = 0; index < 160; index += 1) {
      clock.now += 10_000
      try {
        handedOut.push({ url: await store.save(image), at: clock.now })
      } catch (error) {
        refusals.push(error as { status: number; retryAfterSeconds?: number })
      }
      // Every URL handed out in the last minute still opens.
      for (const { url } of handedOut.filter(({ at }) => at > clock.now - 60_000)) expect(await store.read(idOf(url))).not.toBeNull()
    }
    expect(refusals.length).toBeGreaterThan(0)
    expect(refusals[0]).toMatchObject({ status: 503 })
    expect(refusals[0]!.retryAfterSeconds).toBeGreaterThan(0)
    // Images past the grace period made room: the store kept serving, four at a time at most.
    expect(handedOut.length).toBeGreaterThan(4)
    expect(store.totalBytes()).toBeLessThanOrEqual(size * 4)
    store.close()
  })

  test('refuses an image larger than the whole store', async () => {
    const image = { mimeType: 'image/png', data: encodeTestPng(48, 48, [1, 2, 3], true), width: 48, height: 48 }
    const store = createImageStore({ config: makeConfig(makeDataDir(), { maxStoreBytes: 1024 }), sweepIntervalMs: 0 })
    expect(image.data.length).toBeGreaterThan(1024)
    await expect(store.save(image)).rejects.toThrow('larger than the whole image store')
    expect(readdirSync(store.directory)).toEqual([])
    store.close()
  })

  test('images survive a restart (a new store on the same directory) until they expire', async () => {
    const clock = { now: 5000 }
    const dataDir = makeDataDir()
    const config = makeConfig(dataDir, { retentionHours: 2 })
    const before = createImageStore({ config, now: () => clock.now, sweepIntervalMs: 0 })
    const url = await before.save(pngImage(5, 3))
    before.close()
    const after = createImageStore({ config, now: () => clock.now, sweepIntervalMs: 0 })
    expect(after.totalBytes()).toBeGreaterThan(0)
    expect(await after.read(idOf(url))).toMatchObject({ width: 5, height: 3, createdAt: 5000 })
    clock.now += 2 * 3_600_000
    expect(await after.read(idOf(url))).toBeNull()
    after.close()
  })

  test('a restart removes half-written leftovers and ignores foreign files', async () => {
    const dataDir = makeDataDir()
    const config = makeConfig(dataDir)
    const directory = join(dataDir, 'images')
    const first = createImageStore({ config, sweepIntervalMs: 0 })
    first.close()
    const orphan = 'A'.repeat(32)
    writeFileSync(join(directory, `${orphan}.png`), encodeTestPng(2, 2))
    writeFileSync(join(directory, 'README.txt'), 'operator notes')
    const store = createImageStore({ config, sweepIntervalMs: 0 })
    expect(existsSync(join(directory, `${orphan}.png`))).toBe(false)
    expect(existsSync(join(directory, 'README.txt'))).toBe(true)
    expect(await store.read(orphan)).toBeNull()
    store.close()
  })

  test('refuses ids that could leave the directory', async () => {
    const store = createImageStore({ config: makeConfig(makeDataDir()), sweepIntervalMs: 0 })
    for (const id of ['../../etc/passwd', '..', `${'a'.repeat(32)}/..`, 'a'.repeat(31), `${'a'.repeat(32)}.png`, '']) {
      expect(imageIdPattern.test(id)).toBe(false)
      expect(await store.read(id)).toBeNull()
    }
    store.close()
  })

  test('ids are 32 url-safe characters and do not repeat', async () => {
    const store = createImageStore({ config: makeConfig(makeDataDir()), sweepIntervalMs: 0 })
    const ids = new Set<string>()
    for (let index = 0; index < 50; index += 1) ids.add(idOf(await store.save(pngImage(2, 2))))
    expect(ids.size).toBe(50)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/)
    store.close()
  })
})

describe('resolvePublicBaseUrl', () => {
  test('prefers PUBLIC_BASE_URL and falls back to a usable listening address', () => {
    expect(resolvePublicBaseUrl({ publicBaseUrl: 'https://api.example.com/', host: '0.0.0.0', port: 8100 })).toEqual({ url: 'https://api.example.com', guessed: false })
    expect(resolvePublicBaseUrl({ publicBaseUrl: null, host: '127.0.0.1', port: 8100 })).toEqual({ url: 'http://127.0.0.1:8100', guessed: false })
    expect(resolvePublicBaseUrl({ publicBaseUrl: null, host: '0.0.0.0', port: 8100 })).toEqual({ url: 'http://127.0.0.1:8100', guessed: true })
    expect(resolvePublicBaseUrl({ publicBaseUrl: null, host: '::1', port: 0 }, 4321).url).toBe('http://[::1]:4321')
  })
})

describe('image URL origin warning', () => {
  test('warns when the origin is guessed from a wildcard host, even with the real port supplied', () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'warn', sink: (line) => lines.push(line) })
    const config = buildConfig({ file: { dataDir: makeDataDir(), server: { host: '0.0.0.0', port: 0 } }, env: {} })
    const store = createImageStore({ config, logger, baseUrl: () => resolvePublicBaseUrl(config.server, 4321).url, sweepIntervalMs: 0 })
    expect(lines.join('\n')).toContain('PUBLIC_BASE_URL is not set')
    store.close()
  })

  test('stays quiet when PUBLIC_BASE_URL is set', () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'warn', sink: (line) => lines.push(line) })
    const store = createImageStore({ config: makeConfig(makeDataDir(), {}, { host: '0.0.0.0' }), logger, sweepIntervalMs: 0 })
    expect(lines).toEqual([])
    store.close()
  })
})
