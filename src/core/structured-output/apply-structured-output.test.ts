import { describe, expect, test } from 'bun:test'
import type { InternalRequest, StreamPart } from '../ir.ts'
import { applyStructuredOutput } from './apply-structured-output.ts'
import { createFenceStripper } from './strip-json-fence.ts'

function request(responseFormat?: InternalRequest['generation']['responseFormat']): InternalRequest {
  return { task: 'chat', model: 'm', messages: [{ role: 'user', parts: [{ type: 'text', text: 'rate it' }] }], generation: responseFormat ? { responseFormat } : {}, stream: true, systemInstruction: 'Be brief.' }
}

async function textOf(pieces: string[], transform: (parts: AsyncIterable<StreamPart>) => AsyncIterable<StreamPart>): Promise<string> {
  async function* source(): AsyncGenerator<StreamPart> {
    for (const text of pieces) yield { type: 'text-delta', text }
    yield { type: 'finish', reason: 'stop' }
  }
  let text = ''
  for await (const part of transform(source())) if (part.type === 'text-delta') text += part.text
  return text
}

describe('structured output', () => {
  test('only JSON requests are changed; the schema is quoted after the caller instructions', () => {
    expect(applyStructuredOutput(request())).toBeNull()
    expect(applyStructuredOutput(request({ type: 'text' }))).toBeNull()
    const applied = applyStructuredOutput(request({ type: 'json', schema: { type: 'object', properties: { score: { type: 'integer' } } }, name: 'rating' }))!
    expect(applied.request.systemInstruction).toStartWith('Be brief.\n\nReply with one JSON value and nothing else')
    expect(applied.request.systemInstruction).toContain('It must validate against this JSON Schema: (rating)\n```json\n{"type":"object","properties":{"score":{"type":"integer"}}}\n```')
  })

  test('a fenced answer loses its fence, however the stream splits it', async () => {
    const { transform } = applyStructuredOutput(request({ type: 'json' }))!
    expect(await textOf(['```json\n{"a":', ' 1}\n```'], transform)).toBe('{"a": 1}')
    expect(await textOf(['`', '``', 'js', 'on\n{"a"', ':1}', '\n', '``', '`'], transform)).toBe('{"a":1}')
    expect(await textOf(['```\n[1,2]\n```\n'], transform)).toBe('[1,2]')
  })

  test('a bare answer passes untouched, including backticks inside strings', async () => {
    const { transform } = applyStructuredOutput(request({ type: 'json' }))!
    expect(await textOf(['{"code": "use ```x```"}'], transform)).toBe('{"code": "use ```x```"}')
    expect(await textOf(['{"a"', ': 2}'], transform)).toBe('{"a": 2}')
  })

  test('the stripper gives back a short head that never became a fence', () => {
    const stripper = createFenceStripper()
    expect(stripper.push('``')).toBe('')
    expect(stripper.end()).toBe('``')
  })
})
