/**
 * Issue reproducer: `responseSchema` 20,000 levels deep and tool `parameters` 50,000 levels deep
 * overflowed the stack (500) in every format. Now a 400 in the format's envelope names the field.
 */

import { describe, expect, it } from 'bun:test'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'

/** The JSON text of a schema nested `levels` deep (built as text: an object this deep cannot be stringified). */
function deepSchema(levels: number): string {
  return `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`
}

const cases: Array<[string, string, string, string]> = [
  ['gemini responseSchema', '/v1beta/models/gemini-2.5-flash:generateContent', `{"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":{"responseMimeType":"application/json","responseSchema":${deepSchema(20_000)}}}`, 'generationConfig.responseSchema.properties.a'],
  ['openai chat tool parameters', '/v1/chat/completions', `{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deepSchema(50_000)}}}]}`, 'tools[0].function.parameters.properties.a'],
  ['responses tool parameters', '/v1/responses', `{"model":"gemini-2.5-flash","input":"hi","tools":[{"type":"function","name":"f","parameters":${deepSchema(50_000)}}]}`, 'tools[0].parameters.properties.a'],
]

describe('deeply nested bodies', () => {
  it.each(cases)('%s gets 400 naming the field', async (_label, path, body, field) => {
    const { app, fake } = createTestApp()
    const response = await app.handle(postJson(path, body))
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as { error: { message: string } }
    expect(error.message).toStartWith(`The request body nests deeper than 64 levels at ${field}`)
    expect(fake!.calls).toHaveLength(0)
  })
})
