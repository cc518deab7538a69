/**
 * The `model` field of a JSON body, read without decoding the rest: the rate limiter needs the
 * model before the body is decoded, and every JSON format but Gemini (model in the path) names it so.
 */

import type { DecodeInput } from '../types.ts'

export function readModelField(input: DecodeInput): string | undefined {
  const model = (input.body as { model?: unknown } | undefined)?.model
  return typeof model === 'string' ? model : undefined
}
