/**
 * Counts frames as they arrive in a streamed body, with the time each one completed, so the
 * stream tests can report frames lost and the largest gap between frames. Two framings: Google's
 * length-prefixed StreamGenerate body (`)]}'` then `<length>\n<chunk>`; lengths count UTF-16 code
 * units from the newline) and server-sent events (`data:` events; `:` comments are keep-alives).
 */

export type FrameKind = 'framed' | 'sse'

export type FrameCounter = {
  /** Feeds decoded text; returns how many frames this piece completed. */
  push(text: string): number
}

export function createFrameCounter(kind: FrameKind): FrameCounter {
  let buffer = ''
  if (kind === 'sse') {
    return {
      push(text) {
        buffer += text.replaceAll('\r\n', '\n')
        let completed = 0
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (event.split('\n').some((line) => line.startsWith('data:'))) completed++
        }
        return completed
      },
    }
  }
  let prefixSeen = false
  return {
    push(text) {
      buffer += text
      if (!prefixSeen) {
        const prefixEnd = buffer.indexOf('\n\n')
        if (prefixEnd < 0) return 0
        buffer = buffer.slice(prefixEnd + 2)
        prefixSeen = true
      }
      let completed = 0
      let position = 0
      for (let guard = 0; guard < 100_000; guard++) {
        const newline = buffer.indexOf('\n', position)
        if (newline < 0) break
        const length = Number(buffer.slice(position, newline))
        if (!Number.isFinite(length) || length <= 0 || buffer.length < newline + length) break
        completed++
        position = newline + length
      }
      buffer = buffer.slice(position)
      return completed
    },
  }
}
