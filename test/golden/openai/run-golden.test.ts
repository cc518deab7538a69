/**
 * Golden SSE files for the OpenAI chat stream. The request id is fixed through `x-request-id`,
 * and `created` (the only clock-dependent value) is normalised to 0.
 */

import { runGoldenCases } from '../run-golden-cases.ts'

runGoldenCases({
  title: 'OpenAI golden streams',
  directory: import.meta.dir,
  readRequest: (body) => ({ path: '/v1/chat/completions', body }),
  requestId: (name) => `golden-${name}`,
  normalise: (sse) => sse.replace(/"created":\d+/g, '"created":0'),
  expectedCases: ['image-stream', 'mid-stream-error', 'text-stream', 'thought-stream'],
  contentType: 'text/event-stream; charset=utf-8',
})
