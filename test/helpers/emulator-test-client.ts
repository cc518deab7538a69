/**
 * Test-side helpers for the emulator's own tests: an independent reader of framed bodies that
 * applies the two checks of the fixtures README, and a builder of well-formed client requests.
 */

import { googleOrigins, headerNames, paths } from '../../src/demo/emulator/protocol-data.ts'

export type ParsedBody = { chunks: unknown[][]; entryCount: number; endFrame: unknown[] | null }

/** Reads `)]}'\n\n` + frames; throws when a length prefix or the `e` frame does not match. */
export function readFramedBody(text: string): ParsedBody {
  if (!text.startsWith(")]}'\n\n")) throw new Error('missing anti-XSSI prefix')
  let position = 6
  const chunks: unknown[][] = []
  while (position < text.length) {
    const newline = text.indexOf('\n', position)
    if (newline < 0) throw new Error(`no newline after length at ${position}`)
    const digits = text.slice(position, newline)
    if (!/^\d+$/.test(digits)) throw new Error(`bad length line ${JSON.stringify(digits)}`)
    const length = Number(digits)
    const chunk = text.slice(newline, newline + length) // JS indices are UTF-16 code units
    if (chunk.length !== length || !chunk.startsWith('\n') || !chunk.endsWith('\n')) throw new Error(`length ${length} does not frame a chunk`)
    chunks.push(JSON.parse(chunk) as unknown[])
    position = newline + length
  }
  const entryCount = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  const last = chunks.at(-1)?.at(-1)
  const endFrame = Array.isArray(last) && last[0] === 'e' ? last : null
  if (endFrame !== null) {
    if (endFrame[1] !== entryCount) throw new Error(`e frame says ${String(endFrame[1])} entries, body has ${entryCount}`)
    const bytes = new TextEncoder().encode(text).length
    if (endFrame[4] !== bytes) throw new Error(`e frame says ${String(endFrame[4])} bytes, body has ${bytes}`)
  }
  return { chunks, entryCount, endFrame }
}

/** Every `wrb.fr` payload (decoded once) of a framed body, in order. */
export function readPayloads(parsed: ParsedBody): unknown[][] {
  const payloads: unknown[][] = []
  for (const chunk of parsed.chunks) {
    for (const entry of chunk) {
      if (Array.isArray(entry) && entry[0] === 'wrb.fr' && typeof entry[2] === 'string') payloads.push(JSON.parse(entry[2]) as unknown[])
    }
  }
  return payloads
}

export function readBardErrorCodes(parsed: ParsedBody): number[] {
  const codes: number[] = []
  for (const chunk of parsed.chunks) {
    for (const entry of chunk) {
      const status = Array.isArray(entry) ? entry[5] : undefined
      const code = Array.isArray(status) ? (status as unknown[][][])[2]?.[0]?.[1] : undefined
      if (Array.isArray(code) && typeof code[0] === 'number') codes.push(code[0])
    }
  }
  return codes
}

/** Text snapshots (cand[1][0]) of the content frames. */
export function readTexts(parsed: ParsedBody): string[] {
  return readPayloads(parsed).flatMap((payload) => {
    const candidates = payload[4]
    const first = Array.isArray(candidates) ? (candidates[0] as unknown[]) : undefined
    const text = Array.isArray(first?.[1]) ? (first[1] as unknown[])[0] : undefined
    return typeof text === 'string' ? [text] : []
  })
}

export const signedInCookie = '__Secure-1PSID=test-psid-value; __Secure-1PSIDTS=sidts-test; NID=1'

/** What a client sends to RotateCookies: the two session cookies and nothing else. */
export const rotationCookie = '__Secure-1PSID=test-psid-value; __Secure-1PSIDTS=sidts-test'

export async function fetchToken(origin: string, cookie = signedInCookie, slotPrefix = ''): Promise<string | null> {
  const response = await fetch(`${origin}${slotPrefix}/app`, { headers: { cookie } })
  const html = await response.text()
  return /"SNlM0e":"(.*?)"/.exec(html)?.[1] ?? null
}

export type GenerateInput = {
  prompt: string
  at?: string | null
  cookie?: string | null
  modelHex?: string | null
  /** Extended thinking in the long model header (thinking flag 2). */
  thinking?: boolean
  uuid?: string
  headerUuid?: string | null
  conversation?: unknown[]
  toolSelector?: number
  files?: unknown[]
  framed?: boolean
  slotPrefix?: string
  sessionId?: string
}

export function createGenerateRequest(origin: string, input: GenerateInput): Request {
  const uuid = input.uuid ?? crypto.randomUUID().toUpperCase()
  const inner: unknown[] = new Array(69).fill(null)
  inner[0] = [input.prompt, 0, null, input.files ?? null, null, null, 0]
  inner[1] = ['en']
  inner[2] = input.conversation ?? ['', '', '', null, null, null, null, null, null, '']
  inner[7] = 1
  inner[59] = uuid
  if (input.toolSelector !== undefined) inner[49] = input.toolSelector
  const form = new URLSearchParams()
  if (input.at !== null && input.at !== undefined) form.set('at', input.at)
  form.set('f.req', JSON.stringify([null, JSON.stringify(inner)]))
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
    origin: googleOrigins.gemini,
    'x-same-domain': '1',
  })
  if (input.cookie !== null) headers.set('cookie', input.cookie ?? signedInCookie)
  if (input.modelHex !== null) {
    const header = [1, null, null, null, input.modelHex ?? 'fbb127bbb056c959', null, null, 0, [4, 5, 6, 8], null, null, 1, null, null, 1, input.thinking ? 2 : 1, 'C1E1A1B1-0000-4000-8000-000000000001']
    headers.set(headerNames.model, JSON.stringify(header))
  }
  const headerUuid = input.headerUuid === undefined ? uuid : input.headerUuid
  if (headerUuid !== null) headers.set(headerNames.requestUuid, JSON.stringify([headerUuid, 1]))
  const query = input.framed === false ? '?hl=en&_reqid=1234' : `?bl=x&hl=en&_reqid=1234&rt=c${input.sessionId === undefined ? '' : `&f.sid=${input.sessionId}`}`
  return new Request(`${origin}${input.slotPrefix ?? ''}${paths.streamGenerate}${query}`, { method: 'POST', headers, body: form })
}
