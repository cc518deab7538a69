/**
 * Stores generated images on disk for URL delivery (OpenAI `url` answers). Each image is a file
 * `<id>.<ext>` beside a small `<id>.json` sidecar under DATA_DIR/images, so stored images survive
 * a restart until they expire. Ids are 192 random bits, so a URL is its own access token. Expiry
 * (`images.retentionHours`) is checked on every read and by a periodic sweep; a total size cap
 * (`images.maxStoreBytes`) deletes the oldest images first, but never one younger than
 * `images.minimumKeepSeconds`: a URL handed out a moment ago must still open, so a store full of
 * young images refuses the new one (503) rather than breaking the URLs it just gave.
 */

import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImageStore } from '../../core/attachments.ts'
import { ProxyError } from '../../core/errors.ts'
import type { GeneratedImage } from '../../core/ir.ts'
import type { Config } from '../../config/schema.ts'
import type { Logger } from '../../lib/logger.ts'
import { extensionForMimeType, mimeTypeForExtension, readImageInfo } from '../../lib/image-info.ts'
import { resolvePublicBaseUrl } from './public-base-url.ts'

/** Ids are exactly what `createImageId` makes; anything else (dots, slashes, `..`) is refused. */
export const imageIdPattern = /^[A-Za-z0-9_-]{32,64}$/

type StoredImage = {
  id: string
  extension: string
  mimeType: string
  data: Uint8Array
  width: number
  height: number
  /** Unix milliseconds. */
  createdAt: number
  expiresAt: number
}

type IndexEntry = Omit<StoredImage, 'data' | 'expiresAt'> & { bytes: number }

export type ImageStoreOptions = {
  config: Pick<Config, 'dataDir' | 'images' | 'server'>
  /** Clock in Unix milliseconds (tests move it forward). */
  now?: () => number
  /** Defaults to `<dataDir>/images`. */
  directory?: string
  /** Origin for URLs; a function lets the server supply its real port once it listens. */
  baseUrl?: string | (() => string)
  /** Period of the expiry sweep; 0 disables the timer (reads still check expiry). */
  sweepIntervalMs?: number
  logger?: Logger
  createId?: () => string
}

export interface ManagedImageStore extends ImageStore {
  readonly directory: string
  /** The stored image, or null when the id is malformed, unknown or expired. */
  read(id: string): Promise<StoredImage | null>
  /** Deletes every expired image; returns how many went. */
  deleteExpired(): Promise<number>
  totalBytes(): number
  /** Stops the sweep timer. Stored images stay on disk. */
  close(): void
}

function createImageId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url')
}

function readSidecar(directory: string, id: string): IndexEntry | null {
  try {
    const parsed = JSON.parse(readFileSync(join(directory, `${id}.json`), 'utf8')) as Partial<IndexEntry>
    if (typeof parsed.extension !== 'string' || !/^[a-z]{2,4}$/.test(parsed.extension)) return null
    const size = statSync(join(directory, `${id}.${parsed.extension}`)).size
    return {
      id,
      extension: parsed.extension,
      mimeType: typeof parsed.mimeType === 'string' ? parsed.mimeType : mimeTypeForExtension(parsed.extension),
      width: Number(parsed.width) || 0,
      height: Number(parsed.height) || 0,
      createdAt: Number(parsed.createdAt) || 0,
      bytes: size,
    }
  } catch {
    return null
  }
}

/** Rebuilds the index from disk; files without a valid partner (a crash mid-write) are removed. */
function loadIndex(directory: string): Map<string, IndexEntry> {
  const index = new Map<string, IndexEntry>()
  const names = readdirSync(directory)
  for (const name of names) {
    const match = /^([A-Za-z0-9_-]+)\.json$/.exec(name)
    if (!match || !imageIdPattern.test(match[1]!)) continue
    const entry = readSidecar(directory, match[1]!)
    if (entry) index.set(entry.id, entry)
  }
  for (const name of names) {
    const id = name.slice(0, name.indexOf('.'))
    if (!index.has(id) && imageIdPattern.test(id)) rmSync(join(directory, name), { force: true })
  }
  return index
}

export function createImageStore(options: ImageStoreOptions): ManagedImageStore {
  const { config } = options
  const now = options.now ?? Date.now
  const createId = options.createId ?? createImageId
  const directory = options.directory ?? join(config.dataDir, 'images')
  mkdirSync(directory, { recursive: true, mode: 0o700 })
  const index = loadIndex(directory)
  let total = [...index.values()].reduce((sum, entry) => sum + entry.bytes, 0)
  const retentionMs = config.images.retentionHours * 3_600_000

  const fallback = resolvePublicBaseUrl(config.server)
  // Also when the server supplies its real port: the host part is still a guess.
  if (fallback.guessed) {
    options.logger?.warn('PUBLIC_BASE_URL is not set and the server listens on a wildcard host; image URLs use 127.0.0.1, which other machines cannot open', { base_url: fallback.url })
  }
  const baseUrl = () => (typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl ?? fallback.url).replace(/\/+$/, '')

  const isExpired = (entry: IndexEntry) => now() >= entry.createdAt + retentionMs

  async function remove(entry: IndexEntry): Promise<void> {
    if (index.get(entry.id) !== entry) return
    index.delete(entry.id)
    total -= entry.bytes
    await Promise.all([rm(join(directory, `${entry.id}.json`), { force: true }), rm(join(directory, `${entry.id}.${entry.extension}`), { force: true })])
  }

  /** Deletes the oldest images old enough to go until `bytes` more fit, or refuses the new image. */
  async function makeRoom(bytes: number): Promise<void> {
    const cap = config.images.maxStoreBytes
    if (bytes > cap) throw new ProxyError('service_unavailable', `The generated image (${bytes} bytes) is larger than the whole image store (images.maxStoreBytes ${cap}); ask for b64_json or raise the cap`)
    if (total + bytes <= cap) return
    const youngestToGo = now() - config.images.minimumKeepSeconds * 1000
    const oldestFirst = [...index.values()].sort((a, b) => a.createdAt - b.createdAt)
    const removable = oldestFirst.filter((entry) => entry.createdAt <= youngestToGo)
    const freeable = removable.reduce((sum, entry) => sum + entry.bytes, 0)
    if (total - freeable + bytes > cap) {
      // Nothing is deleted then: a refusal must not cost images that are still wanted.
      const oldest = oldestFirst[0]?.createdAt ?? now()
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + config.images.minimumKeepSeconds * 1000 - now()) / 1000))
      throw new ProxyError('service_unavailable', `The image store is full (images.maxStoreBytes) of images handed out in the last ${config.images.minimumKeepSeconds} s; retry later, ask for b64_json, or raise images.maxStoreBytes`, { retryAfterSeconds })
    }
    for (const entry of removable) {
      if (total + bytes <= cap) break
      await remove(entry)
    }
  }

  async function deleteExpired(): Promise<number> {
    const expired = [...index.values()].filter(isExpired)
    for (const entry of expired) await remove(entry)
    return expired.length
  }

  const sweepIntervalMs = options.sweepIntervalMs ?? Math.min(retentionMs, 10 * 60_000)
  const timer =
    sweepIntervalMs > 0
      ? setInterval(() => {
          deleteExpired().catch((error: unknown) => options.logger?.warn('image sweep failed', { error: (error as Error).message }))
        }, sweepIntervalMs)
      : null
  timer?.unref?.()

  return {
    directory,
    totalBytes: () => total,
    deleteExpired,
    close: () => {
      if (timer) clearInterval(timer)
    },

    async save(image: GeneratedImage): Promise<string> {
      if (!(image.data instanceof Uint8Array) || image.data.length === 0) throw new ProxyError('internal', 'Cannot store an empty image')
      // The bytes decide the type; a backend's label may be wrong.
      const info = readImageInfo(image.data)
      const mimeType = info?.mimeType ?? image.mimeType
      const entry: IndexEntry = {
        id: createId(),
        extension: info?.extension ?? extensionForMimeType(mimeType),
        mimeType,
        width: info?.width ?? image.width,
        height: info?.height ?? image.height,
        createdAt: now(),
        bytes: image.data.length,
      }
      if (!imageIdPattern.test(entry.id)) throw new ProxyError('internal', 'The image id generator produced an invalid id')
      await makeRoom(entry.bytes)
      // Image first, sidecar last: a crash in between leaves an orphan that the next start removes.
      await writeFile(join(directory, `${entry.id}.${entry.extension}`), image.data, { mode: 0o600 })
      const { bytes: _bytes, ...sidecar } = entry
      await writeFile(join(directory, `${entry.id}.json`), JSON.stringify(sidecar), { mode: 0o600 })
      index.set(entry.id, entry)
      total += entry.bytes
      return `${baseUrl()}/images/${entry.id}.${entry.extension}`
    },

    async read(id: string): Promise<StoredImage | null> {
      if (!imageIdPattern.test(id)) return null
      const entry = index.get(id)
      if (!entry) return null
      if (isExpired(entry)) {
        await remove(entry)
        return null
      }
      const file = Bun.file(join(directory, `${entry.id}.${entry.extension}`))
      if (!(await file.exists())) {
        await remove(entry)
        return null
      }
      const { bytes: _bytes, ...rest } = entry
      return { ...rest, data: await file.bytes(), expiresAt: entry.createdAt + retentionMs }
    },
  }
}
