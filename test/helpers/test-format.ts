/**
 * A minimal format used only by tests of the pipeline, the relay and shutdown, so those tests do
 * not depend on the OpenAI or Gemini wire details. Its frames are `data: <part json>\n\n`.
 */

import type { ProxyError } from '../../src/core/errors.ts'
import type { InternalRequest } from '../../src/core/ir.ts'
import type { FormatPlugin } from '../../src/formats/types.ts'

export function createTestFormat(id = 'test', prefix = '/test'): FormatPlugin {
  return {
    id,
    pathPrefixes: [`${prefix}/`],
    routes: [
      { method: 'POST', path: `${prefix}/generate`, resolve: () => ({ operation: 'generate' }) },
      { method: 'GET', path: `${prefix}/models`, resolve: () => ({ operation: 'list-models' }) },
    ],
    readModelId: (input) => (input.body as { model?: string } | undefined)?.model,
    decodeRequest(input): InternalRequest {
      const body = input.body as { model?: string; prompt?: string; stream?: boolean } | undefined
      return {
        task: 'chat',
        model: body?.model ?? 'gemini-2.5-flash',
        messages: [{ role: 'user', parts: [{ type: 'text', text: body?.prompt ?? 'hi' }] }],
        generation: {},
        stream: body?.stream === true,
      }
    },
    encodeResponse: (response) => ({ body: { text: response.text, finish: response.finishReason, usage: response.usage } }),
    createStreamEncoder: () => ({
      contentType: 'text/event-stream',
      start: () => [],
      encode: (part) => [`data: ${JSON.stringify(part.type === 'error' ? { type: 'error' } : part)}\n\n`],
      end: () => ['data: end\n\n'],
      error: (error: ProxyError) => [`data: ${JSON.stringify({ error: error.kind, message: error.message })}\n\n`],
      keepAlive: () => ': keep-alive\n\n',
    }),
    encodeModelList: (models) => ({ ids: models.map((model) => model.id) }),
    encodeModel: (model) => ({ id: model.id }),
    encodeTokenCount: (count) => count,
    encodeError: (error: ProxyError) => ({ status: error.status, body: { kind: error.kind, message: error.message } }),
  }
}
