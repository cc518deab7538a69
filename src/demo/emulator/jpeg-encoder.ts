/**
 * A minimal baseline JPEG encoder for `-rj` downloads: one grey channel, every 8x8 block flat
 * (DC coefficient only, AC = end-of-block), standard DC Huffman table and a one-code AC table.
 * The result is a valid JFIF file of the exact requested size that any decoder reads; the picture
 * is a coarse gradient, which is all a test needs.
 */

const dcCodeLengths = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
const dcSymbols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const acCodeLengths = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
const acSymbols = [0x00] // end of block

/** Canonical Huffman codes per symbol: [code, length]. */
function buildCodes(lengths: number[], symbols: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>()
  let code = 0
  let symbolIndex = 0
  for (let length = 1; length <= 16; length++) {
    for (let count = 0; count < (lengths[length - 1] as number); count++) codes.set(symbols[symbolIndex++] as number, [code++, length])
    code <<= 1
  }
  return codes
}

const dcCodes = buildCodes(dcCodeLengths, dcSymbols)
const endOfBlock = buildCodes(acCodeLengths, acSymbols).get(0) as [number, number]

class BitWriter {
  private bytes: number[] = []
  private accumulator = 0
  private count = 0

  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.accumulator = (this.accumulator << 1) | ((value >> bit) & 1)
      if (++this.count === 8) this.flushByte()
    }
  }

  private flushByte(): void {
    this.bytes.push(this.accumulator)
    if (this.accumulator === 0xff) this.bytes.push(0) // byte stuffing
    this.accumulator = 0
    this.count = 0
  }

  finish(): number[] {
    while (this.count !== 0) this.write(1, 1) // pad with ones
    return this.bytes
  }
}

function createSegment(marker: number, data: number[]): number[] {
  const length = data.length + 2
  return [0xff, marker, length >> 8, length & 0xff, ...data]
}

export function encodeJpeg(width: number, height: number): Uint8Array<ArrayBuffer> {
  const quantization = new Array<number>(64).fill(1)
  quantization[0] = 8 // a flat block's DC is 8 x (value - 128); dividing by 8 keeps one unit per level
  const header = [
    0xff, 0xd8,
    ...createSegment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...createSegment(0xdb, [0, ...quantization]),
    ...createSegment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...createSegment(0xc4, [0x00, ...dcCodeLengths, ...dcSymbols]),
    ...createSegment(0xc4, [0x10, ...acCodeLengths, ...acSymbols]),
    ...createSegment(0xda, [1, 1, 0x00, 0, 63, 0]),
  ]
  const blocksAcross = Math.ceil(width / 8)
  const blocksDown = Math.ceil(height / 8)
  const writer = new BitWriter()
  let previous = 0
  for (let blockY = 0; blockY < blocksDown; blockY++) {
    for (let blockX = 0; blockX < blocksAcross; blockX++) {
      const level = Math.floor(((blockX / Math.max(1, blocksAcross - 1)) * 160 + (blockY / Math.max(1, blocksDown - 1)) * 80)) + (((blockX >> 3) ^ (blockY >> 3)) & 1) * 15
      const value = Math.min(255, level) - 128
      const difference = value - previous
      previous = value
      const magnitude = Math.abs(difference)
      const category = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude)
      const [code, length] = dcCodes.get(category) as [number, number]
      writer.write(code, length)
      if (category > 0) writer.write(difference < 0 ? difference - 1 + (1 << category) : difference, category)
      writer.write(endOfBlock[0], endOfBlock[1])
    }
  }
  const scan = writer.finish()
  const jpeg = new Uint8Array(header.length + scan.length + 2)
  jpeg.set(header, 0)
  jpeg.set(scan, header.length)
  jpeg.set([0xff, 0xd9], header.length + scan.length)
  return jpeg
}
