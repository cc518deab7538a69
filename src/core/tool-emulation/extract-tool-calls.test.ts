import { describe, expect, test } from 'bun:test'
import type { StreamPart, ToolDefinition } from '../ir.ts'
import { createToolCallExtractor } from './extract-tool-calls.ts'

const weather: ToolDefinition = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
}
const writeFile: ToolDefinition = { name: 'write_file', parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] } }
const tools = new Map([weather, writeFile].map((tool) => [tool.name, tool]))

type Outcome = { text: string; calls: Array<{ name: string; arguments: string }>; invalid: string[] }

/** Runs the answer through the extractor in the given pieces and folds what comes out. */
function run(pieces: readonly string[]): Outcome {
  const invalid: string[] = []
  let counter = 0
  const extractor = createToolCallExtractor({ tools, createId: () => `id_${counter++}`, onInvalid: (reason) => invalid.push(reason) })
  const parts: StreamPart[] = []
  for (const piece of pieces) parts.push(...extractor.push(piece))
  parts.push(...extractor.flush())
  const outcome: Outcome = { text: '', calls: [], invalid }
  for (const part of parts) {
    if (part.type === 'text-delta') outcome.text += part.text
    else if (part.type === 'tool-call') outcome.calls.push({ name: part.name, arguments: part.arguments })
    else throw new Error(`unexpected part ${part.type}`)
  }
  expect(extractor.callCount).toBe(outcome.calls.length)
  return outcome
}

/** The same answer cut once at every position, and also one character per delta. */
function everySplit(answer: string): string[][] {
  const splits: string[][] = [[answer], [...answer]]
  for (let index = 1; index < answer.length; index++) splits.push([answer.slice(0, index), answer.slice(index)])
  return splits
}

function expectSameForEverySplit(answer: string, expected: Outcome) {
  for (const pieces of everySplit(answer)) {
    const outcome = run(pieces)
    if (JSON.stringify(outcome) !== JSON.stringify(expected)) {
      // Name the failing split so a regression is easy to find.
      expect({ pieces, outcome }).toEqual({ pieces, outcome: expected })
    }
  }
}

const weatherBlock = '```tool_call\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n```'

describe('createToolCallExtractor', () => {
  test('plain text passes through whole, whatever the splits', () => {
    expectSameForEverySplit('Hello ``world``, here is `code` and ```js\nx()\n``` done', {
      text: 'Hello ``world``, here is `code` and ```js\nx()\n``` done',
      calls: [],
      invalid: [],
    })
  })

  test('one block with text before it, split at every boundary', () => {
    expectSameForEverySplit(`Let me check.\n\n${weatherBlock}`, {
      text: 'Let me check.',
      calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }],
      invalid: [],
    })
  })

  test('parallel calls; braces, brackets, quotes and fences inside strings; text after the last block dropped', () => {
    const content = 'const a = {b: [1]}; // "quoted" \\ ```md\n```'
    const answer = `${weatherBlock}\n\n\`\`\`tool_call\n{"name":"write_file","arguments":${JSON.stringify({ path: 'a.ts', content })}}\n\`\`\`\n\nTool result (get_weather): 21C, invented`
    expectSameForEverySplit(answer, {
      text: '',
      calls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'write_file', arguments: JSON.stringify({ path: 'a.ts', content }) },
      ],
      invalid: [],
    })
  })

  test('arguments as a JSON string and a one-line block are accepted', () => {
    expectSameForEverySplit('```tool_call {"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\",\\"days\\":2}"} ```', {
      text: '',
      calls: [{ name: 'get_weather', arguments: '{"city":"Rome","days":2}' }],
      invalid: [],
    })
  })

  test('the markdown-escaped opener is accepted', () => {
    expect(run(['```tool\\_call\n{"name":"get_weather","arguments":{"city":"Oslo"}}\n```']).calls).toEqual([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }])
  })

  test('invalid blocks are shown as text, finish reasons stay for the caller to decide', () => {
    const cases: Array<{ block: string; reason: string }> = [
      { block: '```tool_call\n{"name": "get_weather", "arguments": {"city": "Paris",}}\n```', reason: 'the block is not valid JSON' },
      { block: '```tool_call\n{"name": "delete_everything", "arguments": {}}\n```', reason: '"delete_everything" is not an offered tool' },
      { block: '```tool_call\n{"name": "get_weather", "arguments": {}}\n```', reason: 'missing required argument "city"' },
      { block: '```tool_call\n{"name": "get_weather", "arguments": {"city": "Paris", "days": 1.5}}\n```', reason: 'argument "days" should be integer, got number' },
      { block: '```tool_call\nget_weather(city="Paris")\n```', reason: 'the block is not one JSON object between the fences' },
      { block: '```tool_call\n{"name": "get_weather", "arguments": {"city": "Paris"}} trailing\n```', reason: 'the block is not one JSON object between the fences' },
      { block: '```tool_call\n{"name": "get_weather", "arguments": {"city": "Paris"}\n```', reason: 'the block is not one JSON object between the fences' },
    ]
    for (const { block, reason } of cases) {
      expectSameForEverySplit(`Before. ${block} after.`, { text: `Before. ${block} after.`, calls: [], invalid: [reason] })
    }
  })

  test('an invalid block after a valid call is still shown; plain text after the call is not', () => {
    const bad = '```tool_call\n{"name":"nope","arguments":{}}\n```'
    expectSameForEverySplit(`${weatherBlock}\nsome words\n${bad}\nmore`, {
      text: `\n${bad}`,
      calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }],
      invalid: ['"nope" is not an offered tool'],
    })
  })

  test('at the end of the stream: a complete object without its closing fence is a call; a cut object is text', () => {
    expectSameForEverySplit('```tool_call\n{"name":"get_weather","arguments":{"city":"Lima"}}\n`', {
      text: '',
      calls: [{ name: 'get_weather', arguments: '{"city":"Lima"}' }],
      invalid: [],
    })
    expectSameForEverySplit('Sure ```tool_call\n{"name":"get_weather","argu', {
      text: 'Sure ```tool_call\n{"name":"get_weather","argu',
      calls: [],
      invalid: ['the block never closed'],
    })
  })

  test('a held-back tail that turns out not to be an opener is released, also at the end', () => {
    expect(run(['abc ``', '`tool', '_cal', 'x'])).toEqual({ text: 'abc ```tool_calx', calls: [], invalid: [] })
    expect(run(['abc ```tool_cal'])).toEqual({ text: 'abc ```tool_cal', calls: [], invalid: [] })
  })

  test('holds back at most an opener-length tail and the whitespace before it: text streams before the answer ends', () => {
    const extractor = createToolCallExtractor({ tools, createId: () => 'x' })
    const early = extractor.push('Here is the plan ``')
    expect(early).toEqual([{ type: 'text-delta', text: 'Here is the plan' }])
    expect(extractor.push('` done')).toEqual([{ type: 'text-delta', text: ' ``` done' }])
  })

  test('call ids come from createId, one per call', () => {
    const extractor = createToolCallExtractor({ tools, createId: () => 'call_fixed' })
    const parts = [...extractor.push(weatherBlock), ...extractor.flush()]
    expect(parts).toEqual([{ type: 'tool-call', id: 'call_fixed', name: 'get_weather', arguments: '{"city":"Paris"}' }])
  })
})

describe('whitespace around blocks', () => {
  test('an answer that is only calls has no text, whitespace before the block included', () => {
    expectSameForEverySplit(`\n\n  ${weatherBlock}\n`, { text: '', calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }], invalid: [] })
  })

  test('whitespace before a block shown as text is kept; a long whitespace run is released, not held', () => {
    const bad = '```tool_call\n{"name":"nope"}\n```'
    expectSameForEverySplit(`Hi\n\n${bad}`, { text: `Hi\n\n${bad}`, calls: [], invalid: ['"nope" is not an offered tool'] })
    const extractor = createToolCallExtractor({ tools, createId: () => 'x' })
    const released = extractor.push('a' + ' '.repeat(200))
    expect(released).toEqual([{ type: 'text-delta', text: 'a' + ' '.repeat(136) }])
  })
})
