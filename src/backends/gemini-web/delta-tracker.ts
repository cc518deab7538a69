/**
 * Turns cumulative snapshots (every frame repeats the whole text so far) into deltas. The prefix
 * relation sometimes breaks (a transient trailing `\`, a half-written placeholder URL, a rewrite;
 * docs/upstream-protocol.md, "Answers"): a non-final snapshot that does not extend what was sent is held back,
 * and a trailing fragment that may still change is not sent until a later snapshot confirms it.
 * Text already sent cannot be taken back, so a final rewrite sends only what follows the common
 * prefix (some repetition rather than loss).
 */

const placeholderStart = 'http://googleusercontent.com/'

export class DeltaTracker {
  private sent = ''
  rewrites = 0

  get text(): string {
    return this.sent
  }

  /** Returns the new text to emit for this snapshot ('' when nothing new). */
  next(snapshot: string, final: boolean): string {
    const stable = final ? snapshot : holdBackUnstableTail(snapshot)
    if (stable.startsWith(this.sent)) {
      const delta = stable.slice(this.sent.length)
      this.sent = stable
      return delta
    }
    if (!final) return ''
    this.rewrites++
    const common = commonPrefixLength(this.sent, stable)
    if (stable.length <= common) return ''
    const tail = stable.slice(common)
    this.sent += tail
    return tail
  }
}

function holdBackUnstableTail(text: string): string {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 92) end--
  const placeholder = text.lastIndexOf('http://googleusercontent.com')
  if (placeholder !== -1 && !/\s/.test(text.slice(placeholder))) return text.slice(0, Math.min(end, placeholder))
  // Even one character may start a placeholder that the final text drops; holding it back costs
  // one frame. Only an 'h' can start one, so only those are tried (every frame of every answer
  // passes here), the earliest first: the longest tail wins.
  const first = placeholderStart.charCodeAt(0)
  for (let start = Math.max(0, end - placeholderStart.length); start < end; start++) {
    if (text.charCodeAt(start) === first && placeholderStart.startsWith(text.slice(start, end))) return text.slice(0, start)
  }
  return text.slice(0, end)
}

function commonPrefixLength(left: string, right: string): number {
  const limit = Math.min(left.length, right.length)
  let index = 0
  while (index < limit && left.charCodeAt(index) === right.charCodeAt(index)) index++
  return index
}
