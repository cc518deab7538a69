import { describe, expect, test } from 'bun:test'
import type { PendingAttachment, PromptPieces } from './build-prompt.ts'
import { fitPrompt, lastMessageFileName, transcriptFileName } from './fit-prompt.ts'

const limits = { inlineBytes: 2_000, transcriptBytes: 5_000 }
const turn = (index: number) => `User: turn ${index} ${'x'.repeat(480)}`

function fileText(attachments: PendingAttachment[], name: string): string | undefined {
  const file = attachments.find((attachment) => attachment.filename === name)
  return file && file.source.kind === 'bytes' ? new TextDecoder().decode(file.source.data) : undefined
}

describe('fitPrompt', () => {
  test('a prompt within the limit is sent inline, unchanged', () => {
    const pieces: PromptPieces = { system: 'Be brief.', history: ['User: hi', 'Assistant: hello'], last: 'User: and now?', attachments: [] }
    const fitted = fitPrompt(pieces, limits)
    expect(fitted.text).toStartWith('System instructions:\nBe brief.')
    expect(fitted.attachments).toEqual([])
    expect(fitted.droppedTurns).toBe(0)
  })

  test('a long history goes into a file; instructions and the newest turn stay inline, last', () => {
    const pieces: PromptPieces = { system: 'Use the tools.', history: [turn(1), turn(2), turn(3), turn(4), turn(5)], last: 'User: MARKER-newest', attachments: [] }
    const fitted = fitPrompt(pieces, limits)
    expect(fitted.text).toStartWith('System instructions:\nUse the tools.')
    expect(fitted.text).toEndWith('Reply to the last user message:\n\nUser: MARKER-newest')
    expect(fitted.text).toContain(transcriptFileName)
    expect(fileText(fitted.attachments, transcriptFileName)).toContain('turn 1 ')
    expect(fitted.droppedTurns).toBe(0)
  })

  test('past the file limit the oldest turns are left out, and the prompt and the file say so', () => {
    const history = Array.from({ length: 20 }, (_, index) => turn(index + 1))
    const fitted = fitPrompt({ history, last: 'User: MARKER', attachments: [] }, limits)
    const transcript = fileText(fitted.attachments, transcriptFileName)!
    expect(new TextEncoder().encode(transcript).byteLength).toBeLessThanOrEqual(limits.transcriptBytes)
    expect(fitted.droppedTurns).toBeGreaterThan(0)
    expect(transcript).toContain(`(The ${fitted.droppedTurns} oldest turns of this conversation were left out`)
    expect(transcript).toContain('turn 20 ')
    expect(transcript).not.toContain('turn 1 ')
    expect(fitted.text).toContain(`The ${fitted.droppedTurns} oldest turns were left out`)
    expect(fitted.text).toEndWith('User: MARKER')
  })

  test('attachments keep their numbers: the transcript file comes after them', () => {
    const image: PendingAttachment = { source: { kind: 'bytes', data: new Uint8Array([1]), mimeType: 'image/png' }, filename: 'a.png' }
    const fitted = fitPrompt({ history: [turn(1), turn(2), turn(3), turn(4), turn(5)], last: 'User: q', attachments: [image] }, limits)
    expect(fitted.attachments.map((attachment) => attachment.filename)).toEqual(['a.png', transcriptFileName])
  })

  test('a newest turn too long for the prompt travels whole in a file of its own', () => {
    const last = `User: ${'y'.repeat(3_000)} MARKER-END`
    const fitted = fitPrompt({ history: [turn(1)], last, attachments: [] }, limits)
    expect(fileText(fitted.attachments, lastMessageFileName)).toBe(last)
    expect(fitted.text).toContain(lastMessageFileName)
  })

  test('a single message too long for the prompt is sent as a file', () => {
    const text = `${'z'.repeat(3_000)} MARKER-END`
    const fitted = fitPrompt({ verbatim: text, history: [], attachments: [] }, limits)
    expect(fileText(fitted.attachments, lastMessageFileName)).toBe(text)
    expect(new TextEncoder().encode(fitted.text).byteLength).toBeLessThan(limits.inlineBytes)
  })

  test('system instructions too long to keep inline move into the file', () => {
    const fitted = fitPrompt({ system: 's'.repeat(1_900), history: [turn(1)], last: 'User: q', attachments: [] }, limits)
    expect(fitted.text).not.toContain('sss')
    expect(fileText(fitted.attachments, transcriptFileName)).toStartWith('System instructions:\nsss')
  })
})
