/**
 * Finds the protocol's tool blocks in the model's streamed text and turns them into tool-call
 * parts, while the rest of the text keeps streaming live. Only a tail that could still become a
 * block opener is held back, and a block is held only until it closes, so each delta costs work
 * in proportion to its own length, never to the whole answer.
 *
 * A block is ```tool_call, optional whitespace, one JSON object (found by tracking braces outside
 * JSON strings, so backticks or braces inside argument strings are safe), optional whitespace,
 * then ```. Decisions:
 * - text before the first call streams normally; text after a call is dropped (the protocol asks
 *   for nothing after the last block, and what follows is usually an invented tool result);
 * - a block that is not a valid call (bad JSON, unknown tool, failed argument check) is passed
 *   through as the text the model wrote, so the caller sees it, and is reported to `onInvalid`;
 * - at the end of the stream a block whose JSON object is complete but whose closing fence never
 *   came is accepted; any other unfinished block is passed through as text.
 */

import type { StreamPart, ToolDefinition } from '../ir.ts'
import { toolBlockLabel } from './build-tool-protocol.ts'
import { parseToolCallBlock } from './parse-tool-call-block.ts'

/** The opener, plus the markdown-escaped form a web renderer may produce. */
const openers = ['```' + toolBlockLabel, '```' + toolBlockLabel.replaceAll('_', '\\_')]
const longestOpener = Math.max(...openers.map((opener) => opener.length))
/** Trailing whitespace held back so an answer that is only calls has empty content; bounded to keep deltas O(1) to rescan. */
const maxHeldWhitespace = 64

type BlockPhase = 'before-object' | 'object' | 'after-object' | 'closing' | 'invalid'

type BlockState = {
  /** Whitespace just before the opener: dropped before a call, kept before a block shown as text. */
  leading: string
  /** Everything since the opener started, to show the block as text when it is not a call. */
  raw: string
  phase: BlockPhase
  depth: number
  inString: boolean
  escaped: boolean
  objectStart: number
  objectEnd: number
  /** Consecutive backticks seen in the closing or invalid phase. */
  backticks: number
}

export type ToolCallExtractor = {
  /** Feeds one text delta; returns the parts to emit now. */
  push(text: string): StreamPart[]
  /** Ends the text: releases what was held back. */
  flush(): StreamPart[]
  readonly callCount: number
}

export type ExtractorOptions = {
  tools: ReadonlyMap<string, ToolDefinition>
  createId: () => string
  onInvalid?: (reason: string, blockText: string) => void
}

function findOpener(text: string): { index: number; length: number } | null {
  let found: { index: number; length: number } | null = null
  for (const opener of openers) {
    const index = text.indexOf(opener)
    if (index !== -1 && (found === null || index < found.index)) found = { index, length: opener.length }
  }
  return found
}

/** Length of the longest end of `text` that is the beginning of an opener, plus the whitespace before it. */
function heldTailLength(text: string): number {
  let length = Math.min(longestOpener - 1, text.length)
  for (; length > 0; length--) {
    const tail = text.slice(text.length - length)
    if (openers.some((opener) => opener.startsWith(tail))) break
  }
  const limit = Math.min(text.length, length + maxHeldWhitespace)
  while (length < limit && isJsonWhitespace(text[text.length - length - 1] as string)) length++
  return length
}

function trailingWhitespaceLength(text: string): number {
  let length = 0
  while (length < text.length && isJsonWhitespace(text[text.length - length - 1] as string)) length++
  return length
}

function isJsonWhitespace(character: string): boolean {
  return character === ' ' || character === '\n' || character === '\r' || character === '\t'
}

export function createToolCallExtractor(options: ExtractorOptions): ToolCallExtractor {
  let held = ''
  let block: BlockState | null = null
  let callCount = 0
  let output: StreamPart[] = []

  const emitText = (text: string) => {
    if (text !== '' && callCount === 0) output.push({ type: 'text-delta', text })
  }

  const emitRawBlock = (text: string, reason: string) => {
    options.onInvalid?.(reason, text)
    // Shown even after a call: hiding it would hide what the model tried to do.
    if (text !== '') output.push({ type: 'text-delta', text })
  }

  const completeBlock = (state: BlockState) => {
    const parsed = parseToolCallBlock(state.raw.slice(state.objectStart, state.objectEnd), options.tools)
    if (parsed.ok) {
      callCount++
      // The whitespace before the block was only layout around the call.
      output.push({ type: 'tool-call', id: options.createId(), name: parsed.name, arguments: parsed.arguments })
    } else {
      emitRawBlock(state.leading + state.raw, parsed.reason)
    }
  }

  /** Advances the open block over `text`; returns the index just past the block's end, or -1. */
  const advanceBlock = (state: BlockState, text: string): number => {
    for (let index = 0; index < text.length; index++) {
      const character = text[index] as string
      const position = state.raw.length + index
      switch (state.phase) {
        case 'before-object':
          if (character === '{') {
            state.phase = 'object'
            state.depth = 1
            state.objectStart = position
          } else if (!isJsonWhitespace(character)) {
            state.phase = 'invalid'
            state.backticks = character === '`' ? 1 : 0
          }
          break
        case 'object':
          if (state.inString) {
            if (state.escaped) state.escaped = false
            else if (character === '\\') state.escaped = true
            else if (character === '"') state.inString = false
          } else if (character === '"') state.inString = true
          else if (character === '{' || character === '[') state.depth++
          else if (character === '}' || character === ']') {
            state.depth--
            if (state.depth === 0) {
              state.phase = 'after-object'
              state.objectEnd = position + 1
            }
          } else if (character === '`') {
            // JSON has no backticks outside strings: the object never closed before the fence.
            state.phase = 'invalid'
            state.backticks = 1
          }
          break
        case 'after-object':
          if (character === '`') {
            state.phase = 'closing'
            state.backticks = 1
          } else if (!isJsonWhitespace(character)) {
            state.phase = 'invalid'
          }
          break
        case 'closing':
        case 'invalid':
          state.backticks = character === '`' ? state.backticks + 1 : 0
          if (state.phase === 'closing' && character !== '`') state.phase = 'invalid'
          if (state.backticks === 3) {
            state.raw += text.slice(0, index + 1)
            return index + 1
          }
          break
      }
    }
    state.raw += text
    return -1
  }

  const pushText = (input: string) => {
    let text = input
    // Bounded: every turn consumes at least one opener or ends the loop.
    while (text !== '') {
      if (block) {
        const end = advanceBlock(block, text)
        if (end === -1) return
        const finished = block
        block = null
        if (finished.phase === 'closing') completeBlock(finished)
        else emitRawBlock(finished.leading + finished.raw, 'the block is not one JSON object between the fences')
        text = text.slice(end)
        continue
      }
      const combined = held + text
      held = ''
      const opener = findOpener(combined)
      if (opener) {
        const before = combined.slice(0, opener.index)
        const leading = trailingWhitespaceLength(before)
        emitText(before.slice(0, before.length - leading))
        block = { leading: before.slice(before.length - leading), raw: combined.slice(opener.index, opener.index + opener.length), phase: 'before-object', depth: 0, inString: false, escaped: false, objectStart: 0, objectEnd: 0, backticks: 0 }
        text = combined.slice(opener.index + opener.length)
        continue
      }
      const keep = heldTailLength(combined)
      emitText(combined.slice(0, combined.length - keep))
      held = combined.slice(combined.length - keep)
      return
    }
  }

  const take = (): StreamPart[] => {
    const parts = output
    output = []
    return parts
  }

  return {
    push(text) {
      pushText(text)
      return take()
    },
    flush() {
      if (block) {
        const finished = block
        block = null
        if (finished.phase === 'after-object' || finished.phase === 'closing') completeBlock(finished)
        else emitRawBlock(finished.leading + finished.raw, 'the block never closed')
      }
      emitText(held)
      held = ''
      return take()
    },
    get callCount() {
      return callCount
    },
  }
}
