/**
 * Reads an image's type and dimensions from its first bytes (PNG, JPEG, GIF, WebP), so the
 * gateway reports what it really holds instead of what a URL suffix or header claims.
 */

export type ImageInfo = { mimeType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'; width: number; height: number }

function readUint16BigEndian(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0)
}

function readUint16LittleEndian(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8)
}

function readUint24LittleEndian(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16)
}

function readUint32BigEndian(bytes: Uint8Array, offset: number): number {
  return readUint16BigEndian(bytes, offset) * 65536 + readUint16BigEndian(bytes, offset + 2)
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte)
}

function readJpeg(bytes: Uint8Array): ImageInfo | null {
  let offset = 2
  for (let guard = 0; guard < 10_000 && offset + 9 < bytes.length; guard++) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1] ?? 0
    if (marker === 0xff) {
      offset++
      continue
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2
      continue
    }
    const length = readUint16BigEndian(bytes, offset + 2)
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isStartOfFrame) return { mimeType: 'image/jpeg', height: readUint16BigEndian(bytes, offset + 5), width: readUint16BigEndian(bytes, offset + 7) }
    if (length < 2) return null
    offset += 2 + length
  }
  return null
}

function readWebp(bytes: Uint8Array): ImageInfo | null {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16))
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return { mimeType: 'image/webp', width: readUint16LittleEndian(bytes, 26) & 0x3fff, height: readUint16LittleEndian(bytes, 28) & 0x3fff }
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24)
    return { mimeType: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return { mimeType: 'image/webp', width: readUint24LittleEndian(bytes, 24) + 1, height: readUint24LittleEndian(bytes, 27) + 1 }
  }
  return null
}

/** The type and size of an image, or null when the bytes are not a PNG, JPEG, GIF or WebP. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && bytes.length >= 24) {
    return { mimeType: 'image/png', width: readUint32BigEndian(bytes, 16), height: readUint32BigEndian(bytes, 20) }
  }
  if (startsWith(bytes, [0xff, 0xd8])) return readJpeg(bytes)
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && bytes.length >= 10) {
    return { mimeType: 'image/gif', width: readUint16LittleEndian(bytes, 6), height: readUint16LittleEndian(bytes, 8) }
  }
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return readWebp(bytes)
  return null
}
