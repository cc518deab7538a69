import { describe, expect, test } from 'bun:test'
import { encodeTestJpeg, encodeTestPng } from '../../test/images/test-images.ts'
import { extensionForMimeType, readImageInfo, sniffImageType } from './image-info.ts'

describe('readImageInfo', () => {
  test('reads the real size and type of a PNG', () => {
    expect(readImageInfo(encodeTestPng(37, 21))).toEqual({ mimeType: 'image/png', extension: 'png', width: 37, height: 21 })
  })

  test('reads the real size and type of a JPEG, skipping the segments before the frame', () => {
    expect(readImageInfo(encodeTestJpeg(40, 17))).toEqual({ mimeType: 'image/jpeg', extension: 'jpg', width: 40, height: 17 })
  })

  test('reads GIF and WebP (VP8X) headers', () => {
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 10, 0, 5, 0, 0, 0])
    expect(readImageInfo(gif)).toMatchObject({ mimeType: 'image/gif', width: 10, height: 5 })
    const webp = new Uint8Array(30)
    webp.set([0x52, 0x49, 0x46, 0x46], 0)
    webp.set([0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58], 8)
    webp.set([99, 0, 0, 49, 0, 0], 24) // 100 x 50, stored minus one
    expect(readImageInfo(webp)).toMatchObject({ mimeType: 'image/webp', width: 100, height: 50 })
  })

  test('refuses bytes that only claim to be an image', () => {
    expect(readImageInfo(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffImageType(new TextEncoder().encode('%PDF-1.7'))).toBeNull()
    // A PNG signature with a truncated header has no size to report.
    expect(readImageInfo(encodeTestPng(4, 4).subarray(0, 20))).toBeNull()
    expect(readImageInfo(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeNull()
  })

  test('recognises the raster types remote attachments may carry, but reads sizes only of served types', () => {
    const bytes = (...parts: Array<number[] | string>) => new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)))
    expect(sniffImageType(bytes('BM', [0, 0, 0, 0]))?.mimeType).toBe('image/bmp')
    expect(sniffImageType(bytes([0x49, 0x49, 0x2a, 0x00]))?.mimeType).toBe('image/tiff')
    expect(sniffImageType(bytes([0, 0, 0, 24], 'ftypavif'))?.mimeType).toBe('image/avif')
    expect(sniffImageType(bytes([0, 0, 0, 24], 'ftypheic'))?.mimeType).toBe('image/heic')
    expect(sniffImageType(bytes([0, 0, 0, 24], 'ftypisom'))).toBeNull()
    expect(readImageInfo(bytes('BM', [0, 0, 0, 0]))).toBeNull()
  })

  test('maps MIME types to served extensions', () => {
    expect(extensionForMimeType('image/jpeg')).toBe('jpg')
    expect(extensionForMimeType('IMAGE/PNG')).toBe('png')
    expect(extensionForMimeType('text/html')).toBe('bin')
  })
})
