/**
 * The error for a generation that produced text only (usually a refusal, sometimes the model
 * misreading the request as chat). Both formats use it, so the wording and retry advice match:
 * the model's own words are the best explanation, and a retry usually gets the same refusal after
 * another minute, so clients are told not to retry on their own.
 */

import { ProxyError } from '../../core/errors.ts'

export function buildNoImageError(text: string): ProxyError {
  const said = text.trim().replace(/\s+/g, ' ').slice(0, 300)
  const message = said ? `The model answered without an image: "${said}"` : 'The model answered without an image; try rephrasing the prompt'
  return new ProxyError('upstream_bad_response', message, { retryable: false, details: { reason: 'no_image' } })
}
