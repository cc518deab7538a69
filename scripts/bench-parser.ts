/**
 * Parser throughput: the largest StreamGenerate fixture repeated to a few MB, fed through the
 * frame reader, envelope reader and answer state in 16 KB pieces; prints MB/s. Bounded: a fixed
 * number of rounds.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { AnswerState } from '../src/backends/gemini-web/answer-state.ts'
import { createExtractOptions } from '../src/backends/gemini-web/extract-candidate.ts'
import { FrameReader } from '../src/backends/gemini-web/parse-frames.ts'
import { defaultProtocolData as protocol } from '../src/backends/gemini-web/protocol-data.ts'
import { readEnvelopes } from '../src/backends/gemini-web/read-envelopes.ts'
import { fixturePath } from '../test/fixtures/fixture-path.ts'

const directory = `${fixturePath('stream-generate')}/`

export type ParserThroughput = { fixture: string; bodyMegabytes: number; rounds: number; frames: number; megabytesPerSecond: number }

/** Parses the largest fixture (repeated to about 4 MB) `rounds` times after one warm-up. */
export function measureParserThroughput(rounds = 5): ParserThroughput {
  const complete = readdirSync(directory).filter((name) => !/\.(truncated|partial|asfound|prefix-cut)\./.test(name))
  const largest = complete.sort((left, right) => statSync(directory + right).size - statSync(directory + left).size)[0] ?? ''
  const fixture = readFileSync(directory + largest, 'utf8')
  const prefixEnd = fixture.indexOf('\n\n') + 2
  const framesText = fixture.slice(prefixEnd)
  const targetBytes = 4 * 1024 * 1024
  const repeat = Math.ceil(targetBytes / Buffer.byteLength(framesText))
  const body = new TextEncoder().encode(fixture.slice(0, prefixEnd) + framesText.repeat(repeat))
  const extract = createExtractOptions(protocol.placeholderPattern, protocol.cardContentPattern)
  const pieceSize = 16 * 1024

  function runOnce(): number {
    const reader = new FrameReader()
    const state = new AnswerState(extract)
    let frames = 0
    const consume = (list: unknown[]) => {
      for (const frame of list) {
        frames++
        for (const envelope of readEnvelopes(frame, protocol.bardErrorType)) state.apply(envelope)
      }
    }
    for (let offset = 0; offset < body.length; offset += pieceSize) consume(reader.push(body.subarray(offset, offset + pieceSize)))
    consume(reader.end())
    return frames
  }

  runOnce()
  const started = performance.now()
  let frames = 0
  for (let round = 0; round < rounds; round++) frames += runOnce()
  const seconds = (performance.now() - started) / 1000
  const megabytes = (body.length * rounds) / (1024 * 1024)
  return { fixture: largest, bodyMegabytes: body.length / 1024 / 1024, rounds, frames, megabytesPerSecond: megabytes / seconds }
}

if (import.meta.main) {
  const measured = measureParserThroughput()
  console.log(`fixture ${measured.fixture}, body ${measured.bodyMegabytes.toFixed(2)} MB x ${measured.rounds} rounds, ${measured.frames} frames`)
  console.log(`parser throughput: ${measured.megabytesPerSecond.toFixed(1)} MB/s`)
}
