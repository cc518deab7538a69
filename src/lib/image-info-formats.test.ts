import { describe, expect, test } from 'bun:test'
import { readImageInfo } from './image-info.ts'

function png(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  new DataView(bytes.buffer).setUint32(16, width)
  new DataView(bytes.buffer).setUint32(20, height)
  return bytes
}

describe('readImageInfo', () => {
  test('PNG', () => expect(readImageInfo(png(2048, 1536))).toMatchObject({ mimeType: 'image/png', width: 2048, height: 1536 }))
  test('JPEG with an APP0 segment before the frame', () => {
    const bytes = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x03, 0x00, 0x04, 0x00, 3, 0, 0, 0)
    expect(readImageInfo(bytes)).toMatchObject({ mimeType: 'image/jpeg', width: 1024, height: 768 })
  })
  test('GIF', () => expect(readImageInfo(Uint8Array.of(0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 10, 0, 20, 0))).toMatchObject({ mimeType: 'image/gif', width: 10, height: 20 }))
  test('WebP VP8X', () => {
    const bytes = new Uint8Array(30)
    bytes.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58])
    bytes.set([0xff, 0x03, 0x00, 0xff, 0x01, 0x00], 24)
    expect(readImageInfo(bytes)).toMatchObject({ mimeType: 'image/webp', width: 1024, height: 512 })
  })
  test('not an image', () => expect(readImageInfo(new TextEncoder().encode('<html>'))).toBeNull())
  test('truncated PNG', () => expect(readImageInfo(png(1, 1).subarray(0, 12))).toBeNull())
})
