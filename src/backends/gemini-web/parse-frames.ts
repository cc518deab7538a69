/**
 * Incremental reader of the batchexecute / StreamGenerate body framing (docs/upstream-protocol.md, "Framing").
 * Bytes arrive in arbitrary pieces (a frame may span reads, a read may hold several frames, a
 * UTF-8 character may be split), so bytes are decoded in streaming mode into a string buffer:
 * the length prefixes count UTF-16 code units, which is exactly JavaScript string length.
 *
 * Accepted shapes: `)]}'` + blank line + `<length>\n<json>\n` frames (`rt=c`); the unframed form
 * (one JSON array line after the prefix); a lost prefix; the DevTools-split prefix `)\n]\n}'`;
 * bare frame lines. A frame whose length disagrees with its bytes falls back to line reading, and
 * a line that is not JSON is counted and skipped, so a damaged body never throws.
 */

export type FrameReaderStats = { frames: number; skippedLines: number; lengthMismatches: number }

const prefixes = [")]}'", ")\n]\n}'"]

export class FrameReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false })
  private buffer = ''
  private position = 0
  private prefixChecked = false
  readonly stats: FrameReaderStats = { frames: 0, skippedLines: 0, lengthMismatches: 0 }

  /** Characters held and not yet read as a frame (at most one partial frame). */
  get bufferedLength(): number {
    return this.buffer.length - this.position
  }

  /** Feeds bytes; returns every frame (a parsed JSON value) completed by them. */
  push(bytes: Uint8Array): unknown[] {
    this.buffer += this.decoder.decode(bytes, { stream: true })
    return this.drain(false)
  }

  pushText(text: string): unknown[] {
    this.buffer += text
    return this.drain(false)
  }

  /** Ends the body: a last line without a newline (the unframed form) is read now. */
  end(): unknown[] {
    this.buffer += this.decoder.decode()
    return this.drain(true)
  }

  private drain(final: boolean): unknown[] {
    const frames: unknown[] = []
    if (!this.prefixChecked && !this.checkPrefix(final)) return frames
    for (let guard = 0; guard < 1_000_000; guard++) {
      const frame = this.readOne(final)
      if (frame === notReady) break
      if (frame !== skipped) {
        frames.push(frame)
        this.stats.frames++
      }
    }
    // Drop what was read at once: the rest is at most one partial frame. Keeping consumed text
    // would make every later `+=` re-copy it, and a stream's whole body would stay in memory.
    if (this.position > 0) {
      this.buffer = this.position >= this.buffer.length ? '' : this.buffer.slice(this.position)
      this.position = 0
    }
    return frames
  }

  private checkPrefix(final: boolean): boolean {
    const head = this.buffer.slice(0, 8)
    for (const prefix of prefixes) {
      if (head.startsWith(prefix)) {
        this.position = prefix.length
        this.prefixChecked = true
        return true
      }
      if (prefix.startsWith(head) && !final) return false
    }
    this.prefixChecked = true
    return true
  }

  private skipBlank(): void {
    const buffer = this.buffer
    let index = this.position
    while (index < buffer.length) {
      const code = buffer.charCodeAt(index)
      if (code !== 10 && code !== 13 && code !== 32 && code !== 9) break
      index++
    }
    this.position = index
  }

  private readOne(final: boolean): unknown {
    this.skipBlank()
    const buffer = this.buffer
    const start = this.position
    if (start >= buffer.length) return notReady
    const first = buffer.charCodeAt(start)
    if (first >= 48 && first <= 57) return this.readLengthFrame(final)
    return this.readLine(start, final)
  }

  private readLengthFrame(final: boolean): unknown {
    const buffer = this.buffer
    const start = this.position
    let index = start
    while (index < buffer.length && buffer.charCodeAt(index) >= 48 && buffer.charCodeAt(index) <= 57) index++
    if (index >= buffer.length) {
      if (!final) return notReady
      this.position = buffer.length
      this.stats.skippedLines++
      return skipped
    }
    const length = Number(buffer.slice(start, index))
    const bodyStart = index
    const bodyEnd = bodyStart + length
    if (bodyEnd > buffer.length && !final) {
      // Wait for the rest, unless the frame is plainly broken (a full line that parses already).
      return notReady
    }
    const chunk = buffer.slice(bodyStart, Math.min(bodyEnd, buffer.length))
    const value = tryParse(chunk)
    if (value !== invalid) {
      this.position = Math.min(bodyEnd, buffer.length)
      return value
    }
    this.stats.lengthMismatches++
    // The length is wrong (edited capture): read the next line instead.
    return this.readLine(bodyStart, final)
  }

  private readLine(start: number, final: boolean): unknown {
    const buffer = this.buffer
    let lineStart = start
    if (buffer.charCodeAt(lineStart) === 10) lineStart++
    const newline = buffer.indexOf('\n', lineStart)
    if (newline === -1 && !final) return notReady
    const lineEnd = newline === -1 ? buffer.length : newline
    this.position = newline === -1 ? buffer.length : newline + 1
    const value = tryParse(buffer.slice(lineStart, lineEnd))
    if (value === invalid) {
      this.stats.skippedLines++
      return skipped
    }
    return value
  }
}

const notReady = Symbol('not-ready')
const skipped = Symbol('skipped')
const invalid = Symbol('invalid')

function tryParse(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '') return invalid
  const first = trimmed.charCodeAt(0)
  if (first !== 91 && first !== 123) return invalid
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return invalid
  }
}

/** Reads a whole body at once (tests, batchexecute answers). */
export function readAllFrames(body: Uint8Array | string): unknown[] {
  const reader = new FrameReader()
  const frames = typeof body === 'string' ? reader.pushText(body) : reader.push(body)
  return [...frames, ...reader.end()]
}
