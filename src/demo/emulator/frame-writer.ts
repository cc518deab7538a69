/**
 * The emulator's own writer for Google's `rt=c` framing: an anti-XSSI prefix, then frames of
 * `<length>\n<json>\n` where the length counts UTF-16 code units of `\n<json>\n`, and a final
 * `["e", entryCount, null, null, totalUtf8Bytes]` frame. It is separate from the client's parser
 * on purpose: a body this writer makes must pass the two checks of the fixtures README.
 */

import { bardErrorType, xssiPrefix } from './protocol-data.ts'

const encoder = new TextEncoder()

/** UTF-8 byte length without allocating for pure ASCII strings (the common case). */
function measureUtf8(text: string): number {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0x7f) return encoder.encode(text).length
  }
  return text.length
}

/** One frame around an already serialised chunk (a JSON array of envelope entries). */
export function encodeChunk(chunkJson: string): string {
  // String length is UTF-16 code units: exactly what Google counts (emoji count 2).
  return `${chunkJson.length + 2}\n${chunkJson}\n`
}

/**
 * Writes one framed body piece by piece, tracking what the `e` frame must report. Streaming
 * handlers send each piece as it is produced; `finish` computes the end frame from the bytes sent.
 */
export class FramedBodyWriter {
  private bytes = 0
  private entries = 0

  begin(): string {
    this.bytes += xssiPrefix.length
    return xssiPrefix
  }

  /** A frame holding the given envelope entries. */
  frame(entries: readonly unknown[]): string {
    return this.frameChunk(JSON.stringify(entries), entries.length)
  }

  /** A frame from a chunk serialised ahead of time (benchmarks reuse these). */
  frameChunk(chunkJson: string, entryCount: number): string {
    const text = encodeChunk(chunkJson)
    this.entries += entryCount
    this.bytes += measureUtf8(text)
    return text
  }

  get bytesWritten(): number {
    return this.bytes
  }

  /** The `e` frame; its byte count includes itself, so iterate until the digits settle. */
  finish(): string {
    const entryCount = this.entries + 1
    let total = this.bytes
    for (let attempt = 0; attempt < 4; attempt++) {
      const text = encodeChunk(`[["e",${entryCount},null,null,${total}]]`)
      const next = this.bytes + text.length
      if (next === total) {
        this.bytes = total
        this.entries = entryCount
        return text
      }
      total = next
    }
    throw new Error('end frame length did not settle')
  }
}

/** A whole framed body from frames of entries. */
export function buildFramedBody(frames: readonly (readonly unknown[])[]): string {
  const writer = new FramedBodyWriter()
  let body = writer.begin()
  for (const frame of frames) body += writer.frame(frame)
  return body + writer.finish()
}

/** The unframed form (no `rt=c`): the prefix and one JSON array of every entry, no `e` entry. */
export function buildUnframedBody(frames: readonly (readonly unknown[])[]): string {
  return xssiPrefix + JSON.stringify(frames.flat())
}

/** A StreamGenerate content envelope: the payload is JSON encoded into a string. */
export function createPayloadEntry(payload: unknown, rpcId: string | null = null): unknown[] {
  return ['wrb.fr', rpcId, JSON.stringify(payload)]
}

export function createBardErrorEntry(code: number): unknown[] {
  return ['wrb.fr', null, null, null, null, [13, null, [[bardErrorType, [code]]]]]
}

export function createStatusEntry(status: number): unknown[] {
  return ['wrb.fr', null, null, null, null, [status]]
}

let diagnosticCounter = 0

/** `di` and `af.httprm` entries with plausible values (clients ignore them). */
export function createDiagnosticEntries(): unknown[][] {
  diagnosticCounter = (diagnosticCounter + 7919) % 100_000
  const milliseconds = 40 + (diagnosticCounter % 900)
  return [
    ['di', milliseconds],
    ['af.httprm', milliseconds - 1, String(-1234567890123456789n + BigInt(diagnosticCounter)), 3],
  ]
}
