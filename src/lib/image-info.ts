/**
 * Reads what an image really is from its bytes: the type from the magic bytes and the width and
 * height from the header. Callers never trust a declared MIME type or a model's advertised size:
 * uploads are sniffed before they go upstream, and delivered images report their real dimensions.
 */

export type ImageType = { mimeType: string; extension: string }
export type ImageInfo = ImageType & { width: number; height: number }

const png: ImageType = { mimeType: 'image/png', extension: 'png' }
const jpeg: ImageType = { mimeType: 'image/jpeg', extension: 'jpg' }
const gif: ImageType = { mimeType: 'image/gif', extension: 'gif' }
const webp: ImageType = { mimeType: 'image/webp', extension: 'webp' }

/** The image types this server accepts as uploads and serves, by MIME type. */
export const knownImageTypes: readonly ImageType[] = [png, jpeg, gif, webp]

/** Raster types the upstream also reads when they arrive as remote attachments. */
const bmp: ImageType = { mimeType: 'image/bmp', extension: 'bmp' }
const tiff: ImageType = { mimeType: 'image/tiff', extension: 'tiff' }
const avif: ImageType = { mimeType: 'image/avif', extension: 'avif' }
const heic: ImageType = { mimeType: 'image/heic', extension: 'heic' }
const heicBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'])

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end))
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false
  return prefix.every((value, index) => bytes[offset + index] === value)
}

/**
 * The type named by the magic bytes, or null when the bytes are no raster image this server
 * knows: PNG, JPEG, GIF and WebP (uploads, served images), or BMP, TIFF, AVIF and HEIC (remote
 * attachments only; remote servers often label images application/octet-stream).
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpeg
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return gif
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return webp
  if (startsWith(bytes, [0x42, 0x4d])) return bmp
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return tiff
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12)
    if (brand === 'avif' || brand === 'avis') return avif
    if (heicBrands.has(brand)) return heic
  }
  return null
}

function readUint16BigEndian(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0)
}

function readUint32BigEndian(bytes: Uint8Array, offset: number): number {
  return readUint16BigEndian(bytes, offset) * 65536 + readUint16BigEndian(bytes, offset + 2)
}

function readUint16LittleEndian(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8)
}

function readUint24LittleEndian(bytes: Uint8Array, offset: number): number {
  return readUint16LittleEndian(bytes, offset) | ((bytes[offset + 2] ?? 0) << 16)
}

function readPngSize(bytes: Uint8Array): [number, number] | null {
  // The IHDR chunk must come first: length(4) 'IHDR'(4) width(4) height(4).
  if (bytes.length < 24 || !startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12)) return null
  return [readUint32BigEndian(bytes, 16), readUint32BigEndian(bytes, 20)]
}

/** Start-of-frame markers carry the size; DHT (C4), JPG (C8) and DAC (CC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
}

function readJpegSize(bytes: Uint8Array): [number, number] | null {
  let offset = 2
  // Each segment is 0xFF marker, then a 2-byte length that includes itself; bounded by the data.
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1] ?? 0
    if (marker === 0xff) {
      offset += 1
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) return null
    const length = readUint16BigEndian(bytes, offset + 2)
    if (length < 2) return null
    if (isStartOfFrame(marker)) return [readUint16BigEndian(bytes, offset + 7), readUint16BigEndian(bytes, offset + 5)]
    offset += 2 + length
  }
  return null
}

function readGifSize(bytes: Uint8Array): [number, number] | null {
  if (bytes.length < 10) return null
  return [readUint16LittleEndian(bytes, 6), readUint16LittleEndian(bytes, 8)]
}

function readWebpSize(bytes: Uint8Array): [number, number] | null {
  if (bytes.length < 30) return null
  const chunk = String.fromCharCode(...bytes.subarray(12, 16))
  if (chunk === 'VP8X') return [readUint24LittleEndian(bytes, 24) + 1, readUint24LittleEndian(bytes, 27) + 1]
  if (chunk === 'VP8 ') return [readUint16LittleEndian(bytes, 26) & 0x3fff, readUint16LittleEndian(bytes, 28) & 0x3fff]
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24)
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1]
  }
  return null
}

/** Type and real dimensions, or null when the bytes are not a recognisable image. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  const type = sniffImageType(bytes)
  if (!type || !knownImageTypes.includes(type)) return null
  const size =
    type === png ? readPngSize(bytes) : type === jpeg ? readJpegSize(bytes) : type === gif ? readGifSize(bytes) : readWebpSize(bytes)
  if (!size || size[0] <= 0 || size[1] <= 0) return null
  return { ...type, width: size[0], height: size[1] }
}

/** The file extension served for a MIME type (unknown image types are served as binary). */
export function extensionForMimeType(mimeType: string): string {
  return knownImageTypes.find((type) => type.mimeType === mimeType.toLowerCase())?.extension ?? 'bin'
}

export function mimeTypeForExtension(extension: string): string {
  return knownImageTypes.find((type) => type.extension === extension)?.mimeType ?? 'application/octet-stream'
}
