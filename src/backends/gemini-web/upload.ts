/**
 * Uploads one attachment (docs/upstream-protocol.md, "Uploads"): a multipart POST to the content-push host with
 * the page's Push-ID, answered by a plain-text `/contrib_service/...` identifier that the request
 * then references in inner[0][3]. Only inline bytes are accepted here: URL sources are resolved
 * by the core before the backend sees the request, so a leftover URL is the caller's error.
 */

import { ProxyError } from '../../core/errors.ts'
import type { BinarySource } from '../../core/ir.ts'
import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import type { UploadedFile } from './build-request.ts'
import { mapHttpStatus } from './map-error.ts'

const extensions = new Map<string, string>([
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
  ['application/pdf', 'pdf'],
  ['text/plain', 'txt'],
])

function chooseFilename(source: { mimeType: string }, filename: string | undefined, index: number): string {
  if (filename && /^[^/\\]{1,200}$/.test(filename)) return filename
  return `input_${index + 1}.${extensions.get(source.mimeType) ?? 'bin'}`
}

export async function uploadAttachment(
  context: BackendContext,
  account: Account,
  source: BinarySource,
  filename: string | undefined,
  index: number,
  signal: AbortSignal,
): Promise<UploadedFile> {
  if (source.kind !== 'bytes') {
    throw new ProxyError('invalid_request', 'An attachment given by URL was not resolved before reaching the backend; send it inline', { param: 'contents' })
  }
  const { protocol } = context
  const name = chooseFilename(source, filename, index)
  const form = new FormData()
  form.append('file', new Blob([source.data as Uint8Array<ArrayBuffer>], { type: source.mimeType || 'application/octet-stream' }), name)
  const response = await context.transport.send(account.store, protocol.origins.upload + protocol.paths.upload, {
    method: 'POST',
    headers: { ...protocol.headers.common, ...protocol.headers.upload, 'push-id': account.tokens?.pushId ?? protocol.defaultPushId },
    body: form,
    signal,
  })
  if (!response.ok) {
    await response.body?.cancel()
    throw mapHttpStatus(response.status, 'upload', response.headers.get('retry-after'))
  }
  const identifier = (await response.text()).trim()
  if (!identifier.startsWith('/')) throw new ProxyError('upstream_bad_response', 'The upload answer was not a file identifier')
  return { identifier, filename: name, mimeType: source.mimeType || 'application/octet-stream' }
}
