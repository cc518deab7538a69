/**
 * The requests each system is measured with. (A)/(B) send one StreamGenerate request in Google's
 * wire format (the same bytes for both); (C)/(D)/(E) send an OpenAI or Gemini request, or the
 * minimal test format's request while a real format is unfinished, each causing exactly one
 * StreamGenerate round trip upstream.
 */

import { createGenerateRequest, signedInCookie } from '../../test/helpers/emulator-test-client.ts'
import type { RequestSpec } from './load-generator.ts'

export type ClientFormat = 'openai' | 'gemini' | 'test'

export const benchPrompt = 'Say hello in one short sentence.'
export const benchModel = 'gemini-2.5-flash'
/** The API key (D) and (E) are configured with and that their requests carry. */
export const benchApiKey = 'bench-key-0123456789abcdef'

/** Reads the page tokens once, as the real client does, and builds a StreamGenerate request. */
export async function buildStreamGenerateRequest(emulatorOrigin: string, targetOrigin: string): Promise<RequestSpec> {
  const page = await (await fetch(`${emulatorOrigin}/app`, { headers: { cookie: signedInCookie } })).text()
  const at = /"SNlM0e":"(.*?)"/.exec(page)?.[1] ?? null
  const sessionId = /"FdrFJe":"(.*?)"/.exec(page)?.[1]
  if (at === null || sessionId === undefined) throw new Error('the emulator page carries no SNlM0e / FdrFJe')
  const request = createGenerateRequest(targetOrigin, { prompt: benchPrompt, at, sessionId })
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => {
    headers[name] = value
  })
  return { url: request.url, method: 'POST', headers, body: await request.text() }
}

export function buildGatewayRequest(origin: string, format: ClientFormat, stream: boolean, apiKey: string | null): RequestSpec {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (format === 'openai') {
    if (apiKey) headers.authorization = `Bearer ${apiKey}`
    return { url: `${origin}/v1/chat/completions`, method: 'POST', headers, body: JSON.stringify({ model: benchModel, messages: [{ role: 'user', content: benchPrompt }], stream }) }
  }
  if (format === 'gemini') {
    if (apiKey) headers['x-goog-api-key'] = apiKey
    const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent'
    return { url: `${origin}/gemini/v1beta/models/${benchModel}:${action}`, method: 'POST', headers, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: benchPrompt }] }] }) }
  }
  if (apiKey) headers.authorization = `Bearer ${apiKey}`
  return { url: `${origin}/test/generate`, method: 'POST', headers, body: JSON.stringify({ model: benchModel, prompt: benchPrompt, stream }) }
}

/** Whether a format's chat route works end to end in this tree (it may still be unfinished). */
export async function probeFormat(origin: string, format: ClientFormat, apiKey: string | null): Promise<{ works: boolean; detail: string }> {
  const spec = buildGatewayRequest(origin, format, false, apiKey)
  try {
    const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body ?? null })
    const text = await response.text()
    return { works: response.status === 200, detail: `${response.status} ${text.slice(0, 200)}` }
  } catch (error) {
    return { works: false, detail: error instanceof Error ? error.message : String(error) }
  }
}
