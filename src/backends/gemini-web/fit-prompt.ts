/**
 * Makes a long prompt arrive whole. Google reads about 130 KB of UTF-8 per request and cuts the
 * rest from the END without an error, so the newest user turn would be the part lost
 * (docs/upstream-protocol.md, "Prompt size"). Above `inlineBytes` the earlier turns go into an
 * uploaded text file and the instructions (with the tool protocol) and the newest turn stay
 * inline; a file is read only up to about 160 KB, so past `transcriptBytes` the oldest turns are
 * left out and both the prompt and the caller are told. The newest turn is never what is cut:
 * if even it does not fit inline, it travels in a file of its own.
 */

import { joinPromptPieces, sectionHeadings, type BuiltPrompt, type PendingAttachment, type PromptPieces } from './build-prompt.ts'

export type PromptLimits = {
  /** Largest prompt sent inline (UTF-8 bytes); keep it well under the upstream's ~130 KB. */
  inlineBytes: number
  /** Largest transcript file (UTF-8 bytes); the upstream reads about 160 KB of a file. */
  transcriptBytes: number
}

export type FittedPrompt = BuiltPrompt & {
  /** How many of the oldest turns were left out (0 when everything fit). */
  droppedTurns: number
}

export const transcriptFileName = 'conversation.txt'
export const lastMessageFileName = 'message.txt'

const encoder = new TextEncoder()

function byteLength(text: string): number {
  return encoder.encode(text).byteLength
}

function textFile(text: string, filename: string): PendingAttachment {
  return { source: { kind: 'bytes', data: encoder.encode(text), mimeType: 'text/plain' }, filename }
}

/** The transcript file: optionally the system instructions, then the newest turns that fit. */
function buildTranscript(pieces: PromptPieces, includeSystem: boolean, limit: number): { text: string; dropped: number } {
  const head = includeSystem && pieces.system ? [`${sectionHeadings.system}\n${pieces.system}`] : []
  let start = 0
  const compose = (from: number) => {
    const dropped = from
    const note = dropped > 0 ? [`(The ${dropped} oldest turns of this conversation were left out because it is too long.)`] : []
    return [...head, sectionHeadings.history, ...note, ...pieces.history.slice(from)].join('\n\n')
  }
  let text = compose(0)
  // Drop the oldest turns one at a time until the file fits; bounded by the number of turns.
  while (byteLength(text) > limit && start < pieces.history.length) {
    start += 1
    text = compose(start)
  }
  return { text, dropped: start }
}

export function fitPrompt(pieces: PromptPieces, limits: PromptLimits): FittedPrompt {
  const whole = joinPromptPieces(pieces)
  if (byteLength(whole) <= limits.inlineBytes) return { text: whole, attachments: pieces.attachments, droppedTurns: 0 }

  // A single message too long to send inline goes as a file, with an instruction to answer it.
  if (pieces.verbatim !== undefined) {
    return {
      text: `The user's message is in the attached file ${lastMessageFileName}. Read it in full and reply to it.`,
      attachments: [...pieces.attachments, textFile(pieces.verbatim, lastMessageFileName)],
      droppedTurns: 0,
    }
  }

  const lastSection = pieces.last !== undefined ? [sectionHeadings.last, pieces.last] : []
  const systemInline = pieces.system !== undefined && byteLength(pieces.system) + byteLength(pieces.last ?? '') + 1024 <= limits.inlineBytes
  const transcript = buildTranscript(pieces, !systemInline, limits.transcriptBytes)
  const pointer = [
    `The conversation so far${systemInline ? '' : ' and the system instructions'} are in the attached file ${transcriptFileName} (oldest turn first). Read it before you answer.`,
    ...(transcript.dropped > 0 ? [`The ${transcript.dropped} oldest turns were left out of it because the conversation is too long.`] : []),
  ].join(' ')
  const sections = [...(systemInline ? [`${sectionHeadings.system}\n${pieces.system}`] : []), pointer]
  const attachments = [...pieces.attachments, textFile(transcript.text, transcriptFileName)]

  const inline = [...sections, ...lastSection].join('\n\n')
  if (byteLength(inline) <= limits.inlineBytes || pieces.last === undefined) return { text: inline, attachments, droppedTurns: transcript.dropped }
  // Even the newest turn is too long to send inline: it goes whole in a file of its own.
  return {
    text: [...sections, `${sectionHeadings.last} it is in the attached file ${lastMessageFileName}.`].join('\n\n'),
    attachments: [...attachments, textFile(pieces.last, lastMessageFileName)],
    droppedTurns: transcript.dropped,
  }
}
