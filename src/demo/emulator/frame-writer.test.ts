import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { FramedBodyWriter, buildFramedBody, buildUnframedBody, createBardErrorEntry, createPayloadEntry, encodeChunk } from './frame-writer.ts'
import { readFramedBody } from '../../../test/helpers/emulator-test-client.ts'
import { geminiWebFixtures } from '../../../test/fixtures/fixture-path.ts'

const fixtures = geminiWebFixtures

/** Re-frames a captured body chunk by chunk with the emulator's writer. */
function reframe(text: string): string {
  const parsed = readFramedBody(text)
  const writer = new FramedBodyWriter()
  let body = writer.begin()
  for (const chunk of parsed.chunks.slice(0, -1)) body += writer.frame(chunk)
  return body + writer.finish()
}

describe('frame writer', () => {
  for (const name of ['stream-generate/text-en-2026-08-d.txt', 'stream-generate/thinking-ru-2026-08.txt', 'stream-generate/error-1100-2026-08-a.txt', 'batchexecute/otAQ7b-model-list-2026-08.txt']) {
    test(`re-framing ${name} reproduces the captured bytes`, () => {
      const captured = readFileSync(`${fixtures}/${name}`, 'utf8')
      expect(reframe(captured)).toBe(captured)
    })
  }

  test('length prefixes count UTF-16 code units: emoji count 2, Cyrillic and CJK 1', () => {
    const chunk = JSON.stringify([createPayloadEntry(['héllo 😀 Привет 你好'])])
    const frame = encodeChunk(chunk)
    const digits = frame.slice(0, frame.indexOf('\n'))
    expect(Number(digits)).toBe(chunk.length + 2)
    // 😀 is one code point but two UTF-16 units, and four UTF-8 bytes.
    expect(chunk.length).toBe([...chunk].length + 1)
    const body = buildFramedBody([[createPayloadEntry(['😀😀'])], [['di', 1]]])
    expect(() => readFramedBody(body)).not.toThrow()
  })

  test('the e frame counts entries including itself and the UTF-8 bytes of the whole body', () => {
    const body = buildFramedBody([[createPayloadEntry(['Grüße 🌍'])], [createBardErrorEntry(1096)], [['di', 5], ['af.httprm', 4, '-1', 3]]])
    const parsed = readFramedBody(body)
    expect(parsed.endFrame).not.toBeNull()
    expect(parsed.endFrame?.[1]).toBe(5)
    expect(parsed.endFrame?.[4]).toBe(Buffer.byteLength(body, 'utf8'))
  })

  test('the e frame settles when its own digits push the total over a power of ten', () => {
    for (let size = 940; size < 1010; size++) {
      const body = buildFramedBody([[createPayloadEntry(['x'.repeat(size)])]])
      expect(() => readFramedBody(body)).not.toThrow()
    }
  })

  test('the unframed form is the prefix and one JSON array of every entry', () => {
    const body = buildUnframedBody([[createPayloadEntry([1])], [['di', 2]]])
    expect(body.startsWith(")]}'\n\n[")).toBe(true)
    expect(JSON.parse(body.slice(6))).toEqual([['wrb.fr', null, '[1]'], ['di', 2]])
  })

  test('the checker rejects a wrong length prefix and a wrong e byte count', () => {
    const body = buildFramedBody([[createPayloadEntry(['abc'])]])
    expect(() => readFramedBody(body.replace(/^(\)\]\}'\n\n)(\d+)/, (_all, prefix: string, digits: string) => `${prefix}${Number(digits) + 1}`))).toThrow()
    expect(() => readFramedBody(body.replace(/,(\d+)\]\]\n$/, (_all, digits: string) => `,${Number(digits) + 1}]]\n`))).toThrow()
  })
})
