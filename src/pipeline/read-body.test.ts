import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../core/errors.ts'
import { readRequestBody } from './read-body.ts'

const limits = { maxBytes: 1024, timeoutSeconds: 5 }

const post = (body: BodyInit, contentType?: string) => new Request('http://localhost/x', { method: 'POST', body, ...(contentType ? { headers: { 'content-type': contentType } } : {}) })

/** A body that sends its chunks and then never ends (an unfinished chunked upload). */
function unfinishedBody(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
    },
  })
}

async function refusal(promise: Promise<unknown>): Promise<ProxyError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(ProxyError)
  return error as ProxyError
}

describe('readRequestBody', () => {
  it('reads JSON with a JSON media type or none', async () => {
    expect(await readRequestBody(post('{"a":1}', 'application/json; charset=utf-8'), limits)).toEqual({ a: 1 })
    expect(await readRequestBody(post('{"a":2}', 'application/vnd.api+json'), limits)).toEqual({ a: 2 })
    const untyped = new Request('http://localhost/x', { method: 'POST', body: new Blob(['{"a":3}']) })
    expect(untyped.headers.get('content-type')).toBeNull()
    expect(await readRequestBody(untyped, limits)).toEqual({ a: 3 })
  })

  it('refuses the body types a browser sends cross-site without a preflight with 415', async () => {
    for (const contentType of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const error = await refusal(readRequestBody(post('{"cookies":{}}', contentType), limits))
      expect(error.status).toBe(415)
      expect(error.message).toBe(`Content-Type ${contentType.split(';')[0]!.toLowerCase()} is not accepted here; send application/json`)
    }
  })

  it('reads multipart only where the route takes it', async () => {
    const form = new FormData()
    form.set('prompt', 'a cat')
    expect(((await readRequestBody(post(form), { ...limits, accepts: ['json', 'multipart'] })) as FormData).get('prompt')).toBe('a cat')
    const error = await refusal(readRequestBody(post(form), limits))
    expect(error.status).toBe(415)
  })

  it('stops reading a body without a length at the size cap', async () => {
    const request = new Request('http://localhost/x', { method: 'POST', body: unfinishedBody(['x'.repeat(800), 'y'.repeat(800)]), headers: { 'content-type': 'application/json' } })
    const error = await refusal(readRequestBody(request, limits))
    expect(error.kind).toBe('payload_too_large')
  })

  it('cuts a body that does not arrive in time with 408', async () => {
    const request = new Request('http://localhost/x', { method: 'POST', body: unfinishedBody(['{"model":']), headers: { 'content-type': 'application/json' } })
    const error = await refusal(readRequestBody(request, { ...limits, timeoutSeconds: 0.05 }))
    expect(error.status).toBe(408)
    expect(error.message).toBe('The request body did not arrive within 0.05 s')
  })

  it('refuses nesting deeper than 64 levels, naming the field', async () => {
    const deep = `{"tools":[{"parameters":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}]}`
    const error = await refusal(readRequestBody(post(deep, 'application/json'), { ...limits, maxBytes: 10_000 }))
    expect(error.status).toBe(400)
    expect(error.message).toStartWith('The request body nests deeper than 64 levels at tools[0].parameters.a.a.a')
  })
})
