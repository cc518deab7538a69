/**
 * Golden files for the Gemini routes: request.json holds {path, body, status?}, and the expected
 * file is the exact response body (SSE or JSON array). The request id is fixed with x-request-id,
 * so responseId is deterministic.
 */

import { expect } from 'bun:test'
import { runGoldenCases, type GoldenRequest } from '../run-golden-cases.ts'

runGoldenCases({
  title: 'Gemini golden streams',
  directory: import.meta.dir,
  readRequest: (requestJson) => requestJson as GoldenRequest,
  requestId: (name) => `req_golden_${name}`,
  minimumCases: 4,
  // A JSON-array stream must parse as one JSON document, error or not.
  check: (body, fileName) => {
    if (fileName.endsWith('.json')) expect(() => JSON.parse(body)).not.toThrow()
  },
})
