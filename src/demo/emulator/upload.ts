/**
 * POST /upload and /upload/ (content-push.googleapis.com, push.clients6.google.com): the single
 * multipart upload (HY, W2G) and the two-step resumable one (start, then `upload, finalize` to the
 * X-Goog-Upload-URL). Both answer a `/contrib_service/ttl_1d/<id>` identifier the client then
 * references in `inner[0][3]`. OPTIONS answers the CORS preflight some clients send.
 */

import type { EmulatorContext } from './context.ts'
import { createOpaqueValue } from './cookies.ts'
import { cutToBytes } from './generate-request.ts'
import { googleOrigins, headerNames, readLimits, uploadIdentifierPrefix, uploadTenant, wizDefaults } from './protocol-data.ts'

const corsHeaders = {
  'access-control-allow-origin': googleOrigins.gemini,
  'access-control-allow-credentials': 'true',
  'access-control-allow-headers': 'push-id, x-tenant-id, x-goog-upload-command, x-goog-upload-protocol, x-goog-upload-header-content-length, x-goog-upload-offset, content-type',
  'access-control-expose-headers': 'x-goog-upload-url, x-goog-upload-status',
}

const keptTexts = 32

function issueIdentifier(context: EmulatorContext, text?: string): Response {
  const identifier = `${uploadIdentifierPrefix}${Math.floor(Date.now() / 1000)}${createOpaqueValue(32).toLowerCase().replace(/[-_]/g, 'x')}`
  context.state.uploadIdentifiers.add(identifier)
  if (text !== undefined) {
    const texts = context.state.uploadedTexts
    if (texts.size >= keptTexts) texts.delete(texts.keys().next().value as string)
    texts.set(identifier, cutToBytes(text, readLimits.textFileBytes))
  }
  context.state.uploads++
  return new Response(identifier, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', [headerNames.uploadStatus]: 'final', ...corsHeaders } })
}

function reject(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...corsHeaders } })
}

export async function handleUpload(request: Request, context: EmulatorContext): Promise<Response> {
  if (request.method === 'OPTIONS') return new Response(null, { status: 200, headers: corsHeaders })
  const statusFault = context.faults.take('upload-status')
  if (statusFault !== undefined) return reject(statusFault.status ?? 500, 'Emulated upload failure')
  const url = new URL(request.url)
  const sessionId = url.searchParams.get('upload_id')
  if (sessionId !== null) return finishResumable(request, context, sessionId)

  const pushId = request.headers.get(headerNames.pushId)
  if (pushId === null || pushId === '') return reject(401, 'Missing Push-ID')
  if (pushId !== wizDefaults.pushId) return reject(403, 'Unknown Push-ID')
  const tenant = request.headers.get(headerNames.tenant)
  if (tenant !== null && tenant !== uploadTenant) return reject(403, 'Unknown tenant')

  const command = request.headers.get(headerNames.uploadCommand)
  if (command !== null) return startResumable(request, context, command)

  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return reject(415, 'Expected multipart/form-data')
  let file: FormDataEntryValue | null
  try {
    file = (await request.formData()).get('file')
  } catch {
    return reject(400, 'Malformed multipart body')
  }
  if (file === null || typeof file === 'string') return reject(400, 'Missing file part')
  return issueIdentifier(context, file.type.startsWith('text/') ? await file.text() : undefined)
}

async function startResumable(request: Request, context: EmulatorContext, command: string): Promise<Response> {
  if (command.trim().toLowerCase() !== 'start') return reject(400, 'Expected X-Goog-Upload-Command: start')
  if ((request.headers.get(headerNames.uploadProtocol) ?? '').toLowerCase() !== 'resumable') return reject(400, 'Expected resumable protocol')
  const lengthHeader = request.headers.get(headerNames.uploadLength)
  const declaredLength = lengthHeader === null ? null : Number(lengthHeader)
  if (declaredLength !== null && (!Number.isInteger(declaredLength) || declaredLength < 0)) return reject(400, 'Bad content length')
  const body = await request.text()
  const fileName = /^File name:\s*(.*)$/m.exec(body)?.[1]?.trim() ?? 'file'
  const id = createOpaqueValue(40)
  context.state.uploadSessions.set(id, { declaredLength, fileName })
  const sessionUrl = `${googleOrigins.upload}/upload/?upload_id=${id}&upload_protocol=resumable`
  return new Response('', { status: 200, headers: { [headerNames.uploadUrl]: sessionUrl, [headerNames.uploadStatus]: 'active', ...corsHeaders } })
}

async function finishResumable(request: Request, context: EmulatorContext, sessionId: string): Promise<Response> {
  const session = context.state.uploadSessions.get(sessionId)
  if (session === undefined) return reject(404, 'Unknown upload session')
  const command = (request.headers.get(headerNames.uploadCommand) ?? '').toLowerCase().replace(/\s+/g, '')
  if (command !== 'upload,finalize') return reject(400, 'Expected X-Goog-Upload-Command: upload, finalize')
  if ((request.headers.get(headerNames.uploadOffset) ?? '0') !== '0') return reject(400, 'Only offset 0 is supported')
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (session.declaredLength !== null && bytes.length !== session.declaredLength) return reject(400, 'Length does not match the declared length')
  context.state.uploadSessions.delete(sessionId)
  return issueIdentifier(context)
}
