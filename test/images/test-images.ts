/**
 * Small valid images built in memory, so image tests need no binary fixtures: a PNG encoder
 * (zlib deflate + CRC32 chunks) and a baseline grayscale JPEG of one flat colour (every 8x8 block
 * is "DC difference 0, end of block"), both decodable by ordinary image viewers.
 */

import { deflateSync } from 'node:zlib'

const crcTable = Array.from({ length: 256 }, (_, index) => {
  let value = index
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1
  return value >>> 0
})

function computeCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  new DataView(target.buffer, target.byteOffset, target.byteLength).setUint32(offset, value)
}

function buildChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length)
  writeUint32(chunk, 0, data.length)
  chunk.set(new TextEncoder().encode(type), 4)
  chunk.set(data, 8)
  writeUint32(chunk, 8 + data.length, computeCrc32(chunk.subarray(4, 8 + data.length)))
  return chunk
}

function concatenate(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    result.set(part, offset)
    offset += part.length
  }
  return result
}

/** An RGB PNG of the given size filled with one colour (or a simple gradient when `gradient`). */
export function encodeTestPng(width: number, height: number, colour: [number, number, number] = [200, 40, 90], gradient = false): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(13)
  writeUint32(header, 0, width)
  writeUint32(header, 4, height)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit depth, truecolour, deflate, no filter set, no interlace
  const rows = new Uint8Array(height * (1 + width * 3))
  for (let y = 0; y < height; y += 1) {
    const rowStart = y * (1 + width * 3)
    for (let x = 0; x < width; x += 1) {
      const pixel = rowStart + 1 + x * 3
      rows[pixel] = gradient ? (x * 255) / Math.max(1, width - 1) : colour[0]
      rows[pixel + 1] = gradient ? (y * 255) / Math.max(1, height - 1) : colour[1]
      rows[pixel + 2] = colour[2]
    }
  }
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return concatenate([signature, buildChunk('IHDR', header), buildChunk('IDAT', deflateSync(rows)), buildChunk('IEND', new Uint8Array(0))])
}

function buildSegment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2
  return [0xff, marker, length >> 8, length & 0xff, ...payload]
}

/** A baseline grayscale JPEG of the given size, mid-grey everywhere. */
export function encodeTestJpeg(width: number, height: number): Uint8Array<ArrayBuffer> {
  const quantisation = buildSegment(0xdb, [0x00, ...new Array<number>(64).fill(1)])
  const frame = buildSegment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])
  // One code of length 1 per table: DC symbol 0 (difference 0) and AC symbol 0 (end of block).
  const singleCodeCounts = [1, ...new Array<number>(15).fill(0)]
  const dcTable = buildSegment(0xc4, [0x00, ...singleCodeCounts, 0x00])
  const acTable = buildSegment(0xc4, [0x10, ...singleCodeCounts, 0x00])
  const scan = buildSegment(0xda, [1, 1, 0x00, 0, 63, 0])
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8)
  // Each block is the bits "00"; padding with ones never forms 0xFF because data bits are zero.
  const totalBits = blocks * 2
  const entropy = new Array<number>(Math.ceil(totalBits / 8)).fill(0)
  const padding = entropy.length * 8 - totalBits
  if (padding > 0) entropy[entropy.length - 1] = (1 << padding) - 1
  return new Uint8Array([0xff, 0xd8, ...quantisation, ...frame, ...dcTable, ...acTable, ...scan, ...entropy, 0xff, 0xd9])
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

export function toDataUrl(bytes: Uint8Array, mimeType: string): string {
  return `data:${mimeType};base64,${toBase64(bytes)}`
}
