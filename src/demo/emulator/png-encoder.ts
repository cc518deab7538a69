/**
 * A small PNG encoder for the generated-image downloads: 8-bit RGB, no filtering, zlib via
 * node:zlib. The pattern (a two-axis gradient with a checker) only needs each row built once per
 * image, so even 4096 px sides encode in well under a second; callers cache the result by size.
 */

import { deflateSync } from 'node:zlib'

const crcTable = (() => {
  const table = new Uint32Array(256)
  for (let value = 0; value < 256; value++) {
    let crc = value
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
    table[value] = crc >>> 0
  }
  return table
})()

export function computeCrc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff
  for (let index = start; index < end; index++) crc = (crcTable[(crc ^ (bytes[index] as number)) & 0xff] as number) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function createChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length)
  const view = new DataView(chunk.buffer)
  view.setUint32(0, data.length)
  for (let index = 0; index < 4; index++) chunk[4 + index] = type.charCodeAt(index)
  chunk.set(data, 8)
  view.setUint32(8 + data.length, computeCrc32(chunk, 4, 8 + data.length))
  return chunk
}

/** The deterministic test picture: red grows to the right, green downwards, blue in 64 px checks. */
function fillRow(row: Uint8Array, y: number, width: number, height: number): void {
  row[0] = 0 // filter type None
  const green = Math.floor((y * 255) / Math.max(1, height - 1))
  const checkRow = (y >> 6) & 1
  for (let x = 0; x < width; x++) {
    const offset = 1 + x * 3
    row[offset] = Math.floor((x * 255) / Math.max(1, width - 1))
    row[offset + 1] = green
    row[offset + 2] = ((x >> 6) & 1) === checkRow ? 200 : 40
  }
}

export function encodePng(width: number, height: number): Uint8Array<ArrayBuffer> {
  const rowLength = 1 + width * 3
  const raw = new Uint8Array(rowLength * height)
  // Rows only change every 64 px in blue and every row in green: build each row, copy when equal.
  for (let y = 0; y < height; y++) fillRow(raw.subarray(y * rowLength, (y + 1) * rowLength), y, width, height)
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  header[8] = 8 // bit depth
  header[9] = 2 // colour type RGB
  const compressed = deflateSync(raw, { level: 1 })
  const signature = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])
  const parts = [signature, createChunk('IHDR', header), createChunk('IDAT', compressed), createChunk('IEND', new Uint8Array(0))]
  return new Uint8Array(Bun.concatArrayBuffers(parts))
}
