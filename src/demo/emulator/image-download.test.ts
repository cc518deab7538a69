import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { inflateSync } from 'node:zlib'
import { startEmulator, type Emulator } from './index.ts'
import { computeCrc32 } from './png-encoder.ts'
import { createGenerateRequest, fetchToken, signedInCookie } from '../../../test/helpers/emulator-test-client.ts'

let emulator: Emulator
let imagePath: string

beforeAll(async () => {
  emulator = await startEmulator({ originalImageSide: 1536 })
  const at = await fetchToken(emulator.origin)
  const text = await (await fetch(createGenerateRequest(emulator.origin, { prompt: 'generate an image of a lighthouse', at }))).text()
  imagePath = /https:\/\/lh3\.googleusercontent\.com(\/gg-dl\/[^"\\]+)/.exec(text)?.[1] as string
})
afterAll(async () => {
  await emulator.stop()
})

/** Follows the gg-dl 302 onto the emulator's origin, resending the cookie as a careful client does. */
async function download(suffix: string): Promise<Response> {
  const first = await fetch(`${emulator.origin}${imagePath}${suffix}`, { redirect: 'manual', headers: { cookie: signedInCookie } })
  expect(first.status).toBe(302)
  const location = new URL(first.headers.get('location') as string)
  expect(location.host).toBe('work.fife.usercontent.google.com')
  expect(location.pathname).toStartWith('/rd-gg-dl/')
  return fetch(`${emulator.origin}${location.pathname}`, { headers: { cookie: signedInCookie } })
}

/** Checks signature, chunk CRCs and IDAT size; returns the IHDR width and height. */
function readPng(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let offset = 8
  let width = 0
  let height = 0
  const idat: Uint8Array[] = []
  for (let chunks = 0; chunks < 100 && offset < bytes.length; chunks++) {
    const length = view.getUint32(offset)
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8))
    expect(view.getUint32(offset + 8 + length)).toBe(computeCrc32(bytes, offset + 4, offset + 8 + length))
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8)
      height = view.getUint32(offset + 12)
    }
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length))
    offset += 12 + length
    if (type === 'IEND') break
  }
  expect(offset).toBe(bytes.length)
  const raw = inflateSync(Buffer.concat(idat))
  expect(raw.length).toBe(height * (1 + width * 3))
  return { width, height }
}

/** Walks the JPEG markers and decodes the baseline scan with the file's own Huffman tables. */
function readJpeg(bytes: Uint8Array): { width: number; height: number } {
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8])
  let offset = 2
  let width = 0
  let height = 0
  const tables = new Map<number, Map<string, number>>()
  for (let segments = 0; segments < 20; segments++) {
    expect(bytes[offset]).toBe(0xff)
    const marker = bytes[offset + 1] as number
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number)
    const data = bytes.subarray(offset + 4, offset + 2 + length)
    if (marker === 0xc0) {
      height = ((data[1] as number) << 8) | (data[2] as number)
      width = ((data[3] as number) << 8) | (data[4] as number)
    }
    if (marker === 0xc4) {
      const codes = new Map<string, number>()
      let code = 0
      let symbol = 17
      for (let size = 1; size <= 16; size++) {
        for (let count = 0; count < (data[size] as number); count++) {
          codes.set(code.toString(2).padStart(size, '0'), data[symbol++] as number)
          code++
        }
        code <<= 1
      }
      tables.set(data[0] as number, codes)
    }
    offset += 2 + length
    if (marker === 0xda) break
  }
  // Unstuff the scan and decode every block: DC category + bits, then AC symbols up to EOB.
  const bits: number[] = []
  let end = offset
  for (; end < bytes.length - 1; end++) {
    const byte = bytes[end] as number
    if (byte === 0xff) {
      if (bytes[end + 1] !== 0x00) break
      end++
    }
    for (let bit = 7; bit >= 0; bit--) bits.push((byte >> bit) & 1)
  }
  expect([bytes[end], bytes[end + 1]]).toEqual([0xff, 0xd9])
  let position = 0
  const readSymbol = (table: Map<string, number>): number => {
    let code = ''
    for (let length = 0; length < 16; length++) {
      code += String(bits[position++])
      const symbol = table.get(code)
      if (symbol !== undefined) return symbol
    }
    throw new Error('no Huffman code matched')
  }
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8)
  for (let block = 0; block < blocks; block++) {
    // Read the category first: `position += readSymbol()` would add to the stale position.
    const category = readSymbol(tables.get(0x00) as Map<string, number>)
    position += category
    for (let coefficient = 1; coefficient < 64; ) {
      const symbol = readSymbol(tables.get(0x10) as Map<string, number>)
      if (symbol === 0) break
      coefficient += (symbol >> 4) + 1
      position += symbol & 15
    }
  }
  expect(bits.length - position).toBeLessThan(8)
  return { width, height }
}

describe('generated image download', () => {
  for (const [suffix, side] of [['=s1024', 1024], ['=s2048', 2048], ['=s4096', 4096], ['=s0', 1536], ['', 512]] as const) {
    test(`${suffix || 'no suffix'} gives a valid ${side} px PNG`, async () => {
      const response = await download(suffix)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/png')
      expect(readPng(new Uint8Array(await response.arrayBuffer()))).toEqual({ width: side, height: side })
    })
  }

  for (const [suffix, side] of [['=s1024-rj', 1024], ['=s2048-rj', 2048], ['=s0-rj', 1536]] as const) {
    test(`${suffix} gives a valid ${side} px JPEG`, async () => {
      const response = await download(suffix)
      expect(response.headers.get('content-type')).toBe('image/jpeg')
      expect(readJpeg(new Uint8Array(await response.arrayBuffer()))).toEqual({ width: side, height: side })
    })
  }

  test('an unknown gg-dl token is a 404 and a size above 4096 is a 400', async () => {
    expect((await fetch(`${emulator.origin}/gg-dl/unknown=s1024`, { redirect: 'manual' })).status).toBe(404)
    expect((await fetch(`${emulator.origin}${imagePath}=s9000`, { redirect: 'manual' })).status).toBe(400)
  })
})
