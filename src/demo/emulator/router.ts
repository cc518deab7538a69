/**
 * Maps every Google URL the client calls (with its host replaced by the emulator's origin) onto a
 * handler, and records each request with its secrets masked.
 */

import { handleAppPage, handlePreflight } from './app-page.ts'
import { handleBatchExecute } from './batch-execute.ts'
import type { EmulatorContext } from './context.ts'
import { maskCookieHeader } from './cookies.ts'
import { handleGeneratedImage, handleRedirectedImage } from './image-download.ts'
import { paths } from './protocol-data.ts'
import { handleRotateCookies } from './rotate-cookies.ts'
import { boundRotationPath, handleBoundRotation } from './bound-session.ts'
import { handleSignIn, signInPath } from './sign-in.ts'
import { readAccountSlot } from './session.ts'
import type { RecordedRequest } from './state.ts'
import { handleStreamGenerate } from './stream-generate.ts'
import { handleUpload } from './upload.ts'

const maskedFormFields = new Set(['at'])

async function recordRequest(request: Request, pathname: string, context: EmulatorContext): Promise<void> {
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => {
    headers[name] = name === 'cookie' ? maskCookieHeader(value) : value
  })
  const entry: RecordedRequest = { method: request.method, path: pathname, headers }
  const contentType = request.headers.get('content-type') ?? ''
  if (request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    const form: Record<string, string> = {}
    new URLSearchParams(await request.clone().text()).forEach((value, name) => {
      form[name] = maskedFormFields.has(name) && value !== '' ? '***' : value
    })
    entry.form = form
  }
  context.state.record(entry)
}

function notFound(): Response {
  return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/html' } })
}

function methodNotAllowed(): Response {
  return new Response('Method Not Allowed', { status: 405 })
}

export async function routeRequest(request: Request, context: EmulatorContext): Promise<Response> {
  const url = new URL(request.url)
  const pathname = url.pathname
  await recordRequest(request, pathname, context)
  const method = request.method

  if (pathname === '/') return method === 'GET' ? handlePreflight() : methodNotAllowed()
  if (pathname === paths.rotateCookies) return method === 'POST' ? handleRotateCookies(request, context) : methodNotAllowed()
  if (pathname === signInPath) return method === 'GET' || method === 'POST' ? handleSignIn(request) : methodNotAllowed()
  if (pathname === boundRotationPath) return method === 'POST' || method === 'GET' ? handleBoundRotation(request, context) : methodNotAllowed()
  if (pathname === paths.upload || pathname === `${paths.upload}/`) {
    return method === 'POST' || method === 'OPTIONS' || method === 'PUT' ? handleUpload(request, context) : methodNotAllowed()
  }
  if (pathname.startsWith(paths.generatedImage)) return method === 'GET' ? handleGeneratedImage(pathname, context) : methodNotAllowed()
  if (pathname.startsWith(paths.redirectedImage)) return method === 'GET' ? handleRedirectedImage(request, pathname, context) : methodNotAllowed()

  const { slot, rest } = readAccountSlot(pathname)
  if (rest === '/app' || rest === '/app/') return method === 'GET' ? handleAppPage(request, context, slot) : methodNotAllowed()
  if (rest === paths.streamGenerate) return method === 'POST' ? handleStreamGenerate(request, context, slot) : methodNotAllowed()
  if (rest === paths.batchExecute) return method === 'POST' ? handleBatchExecute(request, context, slot) : methodNotAllowed()
  return notFound()
}
