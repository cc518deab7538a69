/**
 * Models asked for bare JSON still wrap it in a Markdown fence now and then (```json … ```).
 * This removes such a fence from a streamed answer without buffering it: only the first few
 * characters (until it is clear whether a fence opens) and the last few (a possible closing
 * fence) are held back.
 */

const openingFence = /^\s*```(?:json|JSON)?[ \t]*\r?\n/
/** Longest text that may still turn out to be an opening fence. */
const openingLimit = 16
const closingFence = /\r?\n?```\s*$/
/** Characters held back at the end in case they close the fence. */
const closingHold = 5

export type FenceStripper = { push(text: string): string; end(): string }

export function createFenceStripper(): FenceStripper {
  let head = ''
  let decided = false
  let fenced = false
  let tail = ''
  const emit = (text: string): string => {
    if (!fenced) return text
    tail += text
    if (tail.length <= closingHold) return ''
    const out = tail.slice(0, -closingHold)
    tail = tail.slice(-closingHold)
    return out
  }
  return {
    push(text) {
      if (decided) return emit(text)
      head += text
      const match = openingFence.exec(head)
      if (match) {
        decided = true
        fenced = true
        return emit(head.slice(match[0].length))
      }
      // No fence can open any more once the head has something else than a fence start.
      if (head.length > openingLimit || !/^\s*`{0,3}(?:j(?:s(?:o(?:n)?)?)?|J(?:S(?:O(?:N)?)?)?)?[ \t]*$/.test(head)) {
        decided = true
        const out = head
        head = ''
        return out
      }
      return ''
    },
    end() {
      if (!decided) return head
      return fenced ? tail.replace(closingFence, '') : ''
    },
  }
}
