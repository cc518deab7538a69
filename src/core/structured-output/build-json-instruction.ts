/**
 * The instruction that asks the web model for JSON. The web app has no response-format parameter,
 * so a JSON answer (OpenAI `response_format`, Responses `text.format`, Gemini `responseMimeType` /
 * `responseSchema`, Anthropic `output_format`) is asked for in words, with the schema quoted in a
 * fenced block the model (and the emulator, src/demo/emulator) can read.
 */

const jsonSchemaFenceHeading = 'It must validate against this JSON Schema:'

export function buildJsonInstruction(schema: unknown, name: string | undefined): string {
  const lines = [
    'Reply with one JSON value and nothing else: no prose before or after it, no Markdown code fence.',
  ]
  if (schema !== undefined && schema !== null) {
    lines.push(`${jsonSchemaFenceHeading}${name ? ` (${name})` : ''}`, '```json', JSON.stringify(schema), '```')
  }
  return lines.join('\n')
}
