/**
 * Golden files for the Anthropic Messages routes: request.json holds {path, body, status?} and the
 * expected file is the exact response body (SSE events or one JSON message). The request id is
 * fixed with x-request-id, so message ids and thinking signatures are deterministic; tool_use ids
 * (random in the tool emulation) are normalised.
 */

import { runGoldenCases, type GoldenRequest } from '../run-golden-cases.ts'

runGoldenCases({
  title: 'Anthropic golden answers and streams',
  directory: import.meta.dir,
  readRequest: (requestJson) => requestJson as GoldenRequest,
  requestId: (name) => `req_golden_${name}`,
  normalise: (body) => body.replace(/"toolu_[0-9a-f]+"/g, '"toolu_0"'),
  expectedCases: ['count-tokens', 'message-text', 'stream-error-midstream', 'stream-text', 'stream-thinking', 'stream-tool-use'],
})
