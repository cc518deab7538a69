/**
 * Bad uploads through the real routes: each gets a clear 400 in the caller's own format, and the
 * backend is never called.
 */

import { describe, expect, it } from 'bun:test'
import { createTestApp, postJson } from '../helpers/create-test-app.ts'

describe('bad image uploads end to end', () => {
  it('answers a broken multipart edit with a 400 in OpenAI format', async () => {
    const { app, fake } = createTestApp()
    const response = await app.handle(new Request('http://localhost/v1/images/edits', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nhalf a part',
    }))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
    expect(fake!.calls).toHaveLength(0)
  })

  it('answers a file that is not an image with a 400 naming the field, in OpenAI format', async () => {
    const { app, fake } = createTestApp()
    const form = new FormData()
    form.set('prompt', 'make it blue')
    form.set('image', new File(['%PDF-1.7 not an image'], 'cat.png', { type: 'image/png' }))
    const response = await app.handle(new Request('http://localhost/v1/images/edits', { method: 'POST', body: form }))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('image')
    expect(fake!.calls).toHaveLength(0)
  })

  it('answers an editImage whose inlineData is not an image with a 400 in Google format', async () => {
    const { app, fake } = createTestApp()
    const body = { contents: [{ parts: [{ text: 'make it blue' }, { inlineData: { mimeType: 'image/png', data: Buffer.from('just text').toString('base64') } }] }] }
    const response = await app.handle(postJson('/gemini/v1beta/models/gemini-2.5-flash-image:editImage', body))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT')
    expect(fake!.calls).toHaveLength(0)
  })
})
