import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { AnswerState } from './answer-state.ts'
import { createExtractOptions } from './extract-candidate.ts'
import { FrameReader, readAllFrames } from './parse-frames.ts'
import { defaultProtocolData as protocol } from './protocol-data.ts'
import { readEnvelopes } from './read-envelopes.ts'
import { geminiWebFixtures } from '../../../test/fixtures/fixture-path.ts'

const fixtures = `${geminiWebFixtures}/`
const streamDirectory = fixtures + 'stream-generate/'

type Summary = {
  frames: number
  text: string
  thoughts: string
  conversationId?: string
  responseId?: string
  responseCandidateId?: string
  routedModel?: string
  contextToken?: string
  completion?: number
  error?: unknown
  ignoredErrors: unknown[]
  generatedImages: number
  webImages: number
  ended: boolean
}

function summarise(chunks: Uint8Array[]): Summary {
  const reader = new FrameReader()
  const state = new AnswerState(createExtractOptions(protocol.placeholderPattern, protocol.cardContentPattern))
  let text = ''
  let thoughts = ''
  let frames = 0
  const consume = (list: unknown[]) => {
    for (const frame of list) {
      frames++
      for (const envelope of readEnvelopes(frame, protocol.bardErrorType)) {
        const delta = state.apply(envelope)
        text += delta.text
        thoughts += delta.thought
      }
    }
  }
  for (const chunk of chunks) consume(reader.push(chunk))
  consume(reader.end())
  const last = state.finish()
  text += last.text
  thoughts += last.thought
  return {
    frames,
    text,
    thoughts,
    ...(state.conversationId ? { conversationId: state.conversationId } : {}),
    ...(state.responseId ? { responseId: state.responseId } : {}),
    ...(state.responseCandidateId ? { responseCandidateId: state.responseCandidateId } : {}),
    ...(state.routedModel ? { routedModel: state.routedModel } : {}),
    ...(state.contextToken ? { contextToken: state.contextToken } : {}),
    ...(state.completion !== undefined ? { completion: state.completion } : {}),
    ...(state.error ? { error: state.error } : {}),
    ignoredErrors: state.ignoredErrors,
    generatedImages: state.generatedImages.length,
    webImages: state.webImages.length,
    ended: state.ended,
  }
}

/** A small deterministic generator so a failure can be reproduced from its seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function splitRandomly(bytes: Uint8Array, seed: number): Uint8Array[] {
  const random = createRandom(seed)
  const chunks: Uint8Array[] = []
  let offset = 0
  while (offset < bytes.length) {
    const size = 1 + Math.floor(random() * 97)
    chunks.push(bytes.subarray(offset, offset + size))
    offset += size
  }
  return chunks
}

function read(name: string): Uint8Array {
  return new Uint8Array(readFileSync(streamDirectory + name))
}

const completeFiles = readdirSync(streamDirectory).filter((name) => !/\.(truncated|partial|asfound|prefix-cut|elided|quoted|reduced)\./.test(name))

describe('StreamGenerate fixtures, whole bodies', () => {
  test('the plain en answer: text, ids, routed model, context token', () => {
    const summary = summarise([read('text-en-2026-08-d.txt')])
    expect(summary.text).toBe("Hello Alice! I've made a note of your name. How can I help you today?")
    expect(summary.conversationId).toBe('c_70b70714a8f2aff0')
    expect(summary.responseId).toBe('r_f0e5ae6fc65c2077')
    expect(summary.responseCandidateId).toBe('rc_979cd0c9bf0d0007')
    expect(summary.routedModel).toBe('3.5 Flash-Lite')
    expect(summary.contextToken?.startsWith('AwAAAA')).toBe(true)
    expect(summary.completion).toBe(2)
    expect(summary.error).toBeUndefined()
    expect(summary.frames).toBe(8)
    expect(summary.ended).toBe(true)
  })

  test('a 1096 after a complete answer is ignored, not an error', () => {
    const summary = summarise([read('text-en-2026-08-a-ends-with-1096.txt')])
    expect(summary.text.startsWith("I've made a note of your name, Alice!")).toBe(true)
    expect(summary.error).toBeUndefined()
    expect(summary.ignoredErrors).toEqual([{ type: 'bard', code: 1096 }])
    expect(summary.routedModel).toBe('3.5 Flash-Lite')
  })

  test('thinking answer: thoughts from cand[37], then text, UTF-16 lengths with Cyrillic', () => {
    const summary = summarise([read('thinking-ru-2026-08.txt')])
    expect(summary.thoughts.startsWith('**Comparing Images**')).toBe(true)
    expect(summary.thoughts).toContain('**Confirming Identity**')
    expect(summary.text.startsWith('На файле **Снимок экрана_20260802_073212_2.png** изображено')).toBe(true)
    expect(summary.routedModel).toBe('3.1 Pro')
    expect(summary.frames).toBe(16)
  })

  test('zh answer with an emoji (a surrogate pair in the length count)', () => {
    const summary = summarise([read('text-zh-2026-03-turn1.txt')])
    expect(summary.text).toContain('😄')
    expect(summary.conversationId).toBe('c_d6dbca301acebf01')
    expect(summary.frames).toBe(17)
    expect(summary.error).toBeUndefined()
  })

  test('deep research confirmation: placeholder removed from the text', () => {
    const summary = summarise([read('deep-research-confirm-zh-2026-03.txt')])
    expect(summary.text).not.toContain('googleusercontent.com')
    expect(summary.routedModel).toBe('3 Pro')
  })

  test('Bard-era web images', () => {
    const summary = summarise([read('bard-web-images-en-2023-07.txt')])
    expect(summary.webImages).toBe(5)
    expect(summary.text.startsWith('Sure, here are some images of kittens:')).toBe(true)
  })

  test('error bodies give their codes', () => {
    expect(summarise([read('error-1096-2026.txt')]).error).toEqual({ type: 'bard', code: 1096 })
    expect(summarise([read('error-1100-2026-08-a.txt')]).error).toEqual({ type: 'bard', code: 1100 })
    expect(summarise([read('error-1100-2026-08-c.txt')]).error).toEqual({ type: 'bard', code: 1100 })
    expect(summarise([read('error-er-http400-2026-08-a.txt')]).error).toEqual({ type: 'http', status: 400, reason: null })
    expect(summarise([read('error-er-http400-2026-08-c.txt')]).error).toEqual({ type: 'http', status: 400, reason: null })
    expect(summarise([read('bard-error-status7-2023-03.txt')]).error).toEqual({ type: 'status', code: 7 })
    expect(summarise([read('bard-error-status8-2023-05.txt')]).error).toEqual({ type: 'status', code: 8 })
    expect(summarise([read('bard-error-status7-2024-07.txt')]).error).toEqual({ type: 'status', code: 7 })
    expect(summarise([read('nonchunked-error-status13-2024-10.txt')]).error).toEqual({ type: 'status', code: 13 })
  })

  test('unframed status frames (tool status, then [3])', () => {
    const summary = summarise([read('nonchunked-data-analysis-tool-status3-2025-10.txt')])
    expect(summary.error).toEqual({ type: 'status', code: 3 })
    expect(summary.text).toBe('')
  })

  test('every complete file is covered by an assertion above', () => {
    expect(completeFiles.length).toBe(16)
  })
})

describe('StreamGenerate fixtures, random chunking', () => {
  for (const name of completeFiles) {
    test(`${name}: the same result for any chunking (UTF-8 split inside characters)`, () => {
      const bytes = read(name)
      const whole = summarise([bytes])
      for (let seed = 1; seed <= 12; seed++) expect(summarise(splitRandomly(bytes, seed))).toEqual(whole)
      expect(summarise([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(whole)
    })
  }
})

describe('damaged and partial bodies do not crash', () => {
  const others = readdirSync(streamDirectory).filter((name) => !completeFiles.includes(name))
  for (const name of others) {
    test(name, () => {
      const bytes = read(name)
      const whole = summarise([bytes])
      for (let seed = 1; seed <= 4; seed++) expect(summarise(splitRandomly(bytes, seed))).toEqual(whole)
    })
  }

  test('the as-found zh copy (DevTools prefix) reads like the restored one', () => {
    expect(summarise([read('text-zh-2026-03-turn1.asfound.txt')]).text).toBe(summarise([read('text-zh-2026-03-turn1.txt')]).text)
  })

  test('the as-found thinking copy with wrong lengths still gives the text', () => {
    expect(summarise([read('thinking-ru-2026-08.asfound.txt')]).text).toBe(summarise([read('thinking-ru-2026-08.txt')]).text)
  })

  test('bare frame lines without prefix or lengths are read', () => {
    const summary = summarise([read('frame-lines-en-2025-05.partial.txt')])
    expect(summary.frames).toBe(2)
    expect(summary.conversationId).toBe('c_dd850dbafb593e2b')
  })

  test('a body cut in the middle of a frame yields the frames before the cut', () => {
    const bytes = read('text-en-2026-08-d.txt')
    const summary = summarise([bytes.subarray(0, 2000)])
    expect(summary.text).toBe('Hello')
    expect(summary.ended).toBe(false)
  })

  test('garbage does not throw', () => {
    expect(summarise([new TextEncoder().encode(")]}'\n\n12\nnot json\n99999\n[[")]).text).toBe('')
  })
})

describe('generated images (docs/upstream-protocol.md "Generated images" shape, dense and sparse)', () => {
  const denseInner = [null, ['c_1', 'r_1'], null, null, [['rc_1', ['Here is your cat.\n\nhttp://googleusercontent.com/image_generation_content/0\n'], null, null, null, null, null, null, [2], 'en', null, null,
    [null, null, null, null, null, null, null, [[[[null, null, null, [null, 1, 'image_1.png', 'https://lh3.googleusercontent.com/gg-dl/AAAA', null]], ['http://googleusercontent.com/image_generation_content/0']]]]]]]]
  const sparseInner = [null, ['c_1', 'r_1'], null, null, [['rc_1', ['Cats! http://googleusercontent.com/image_generation_content/0\n\n'], null, null, null, null, null, null, [2], 'en', null, null,
    [{ '7': [3], '8': [[[[null, null, null, [null, 1, 'x.png', 'https://lh3.googleusercontent.com/gg-dl/BBBB', null]]]]] }]]]]
  for (const [label, inner, url, text] of [['dense', denseInner, 'https://lh3.googleusercontent.com/gg-dl/AAAA', 'Here is your cat.\n\n'], ['sparse', sparseInner, 'https://lh3.googleusercontent.com/gg-dl/BBBB', 'Cats! ']] as const) {
    test(label, () => {
      const line = JSON.stringify([['wrb.fr', null, JSON.stringify(inner)]])
      const body = `)]}'\n\n${line.length + 2}\n${line}\n`
      const reader = new FrameReader()
      const state = new AnswerState(createExtractOptions(protocol.placeholderPattern, protocol.cardContentPattern))
      let collected = ''
      for (const frame of [...reader.pushText(body), ...reader.end()]) for (const envelope of readEnvelopes(frame, protocol.bardErrorType)) collected += state.apply(envelope).text
      expect(collected).toBe(text)
      expect(state.generatedImages.map((image) => image.url)).toEqual([url])
    })
  }
})

describe('batchexecute and app-page fixtures', () => {
  test('otAQ7b model list', () => {
    const frames = readAllFrames(new Uint8Array(readFileSync(fixtures + 'batchexecute/otAQ7b-model-list-2026-08.txt')))
    const payloads = frames.flatMap((frame) => readEnvelopes(frame, protocol.bardErrorType)).filter((envelope) => envelope.type === 'payload')
    expect(payloads.length).toBe(1)
    const first = payloads[0]
    expect(first?.type === 'payload' && first.rpcId).toBe('otAQ7b')
  })

  test('MaZiqc empty list and CNgdBe status 7', () => {
    const empty = readAllFrames(readFileSync(fixtures + 'batchexecute/MaZiqc-list-chats-empty-2026-03.txt', 'utf8')).flatMap((frame) => readEnvelopes(frame, protocol.bardErrorType))
    expect(empty[0]).toEqual({ type: 'payload', rpcId: 'MaZiqc', payload: [], identifier: 'generic' })
    const failed = readAllFrames(readFileSync(fixtures + 'batchexecute/CNgdBe-error-status7-2026-03.txt', 'utf8')).flatMap((frame) => readEnvelopes(frame, protocol.bardErrorType))
    expect(failed.filter((envelope) => envelope.type === 'status').map((envelope) => envelope.type === 'status' && envelope.code)).toEqual([7, 7])
  })

  test('media list and truncated gem list do not crash', () => {
    const media = readAllFrames(readFileSync(fixtures + 'batchexecute/jGArJ-mystuff-media-list-2026-01.txt', 'utf8'))
    expect(media.length).toBeGreaterThan(0)
    expect(() => readAllFrames(readFileSync(fixtures + 'batchexecute/CNgdBe-list-gems-2026-02.truncated.txt', 'utf8'))).not.toThrow()
  })
})
