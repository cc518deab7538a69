/**
 * A JSON response with the content type every client parses (the openai SDK and @google/genai
 * only parse bodies labelled application/json). Every JSON answer of the server is built here.
 */

export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const merged = new Headers(headers)
  merged.set('content-type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify(body), { status, headers: merged })
}
