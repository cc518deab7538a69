/**
 * Golden SSE files for the Responses API stream (core tool emulation included). Ids derive from
 * the fixed `x-request-id`; tool call ids (random in the emulation) and `created_at` are normalised.
 */

import { runGoldenCases } from '../run-golden-cases.ts'

runGoldenCases({
  title: 'OpenAI Responses golden streams',
  directory: import.meta.dir,
  readRequest: (body) => ({ path: '/v1/responses', body }),
  requestId: (name) => `golden-${name}`,
  normalise: (sse) => sse.replace(/"created_at":\d+/g, '"created_at":0').replace(/"call_id":"call_[0-9a-f]+"/g, '"call_id":"call_0"'),
  expectedCases: ['function-call-stream', 'text-stream'],
  contentType: 'text/event-stream; charset=utf-8',
})
