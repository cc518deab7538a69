import { describe, expect, it } from 'bun:test'
import { FrameReader } from './parse-frames.ts'

function frame(json: string): string {
  return `${json.length + 1}\n${json}\n`
}

describe('FrameReader buffer', () => {
  it('keeps only the unread partial frame, not the body read so far', () => {
    const reader = new FrameReader()
    reader.pushText(")]}'\n\n")
    const chunk = frame(JSON.stringify([['wrb.fr', null, 'x'.repeat(2000)]]))
    for (let index = 0; index < 50; index += 1) {
      expect(reader.pushText(chunk)).toHaveLength(1)
      expect(reader.bufferedLength).toBe(0)
    }
    expect(reader.pushText(chunk.slice(0, 100))).toHaveLength(0)
    expect(reader.bufferedLength).toBe(100)
    expect(reader.pushText(chunk.slice(100))).toHaveLength(1)
    expect(reader.bufferedLength).toBe(0)
  })
})
