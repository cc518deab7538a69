/**
 * Reads one StreamGenerate payload (`inner = JSON.parse(envelope[2])`) into a snapshot: ids, the
 * first candidate's cumulative text and thoughts, generated and web images, the routed model and
 * the context token. Paths follow docs/upstream-protocol.md ("Answers") and go through the JSPB reader, so the
 * sparse-object forms (`{"26": token}`, `cand[12][0]["8"]`) read the same as the dense ones.
 */

import { readArray, readIndex, readNumber, readString } from './jspb.ts'

export type ImageReference = { url: string; alt?: string; title?: string; id?: string }

type CandidateSnapshot = {
  responseCandidateId: string | undefined
  /** Cumulative answer text with artefact placeholders removed. */
  text: string
  /** Cumulative thoughts. */
  thoughts: string
  /** cand[8][0]: 1 streaming, 2 complete, other values = stopped. */
  completion: number | undefined
  generatedImages: ImageReference[]
  webImages: ImageReference[]
}

export type PayloadSnapshot = {
  conversationId?: string
  responseId?: string
  candidate?: CandidateSnapshot
  routedModel?: string
  contextToken?: string
  toolStatus?: string
}

export type ExtractOptions = { placeholderPattern: RegExp; cardContentPattern: RegExp }

export function createExtractOptions(placeholderPattern: string, cardContentPattern: string): ExtractOptions {
  return { placeholderPattern: new RegExp(placeholderPattern, 'g'), cardContentPattern: new RegExp(cardContentPattern) }
}

export function extractPayload(inner: unknown, options: ExtractOptions): PayloadSnapshot {
  const snapshot: PayloadSnapshot = {}
  if (!Array.isArray(inner)) return snapshot
  const conversationId = readString(inner, [1, 0])
  const responseId = readString(inner, [1, 1])
  if (conversationId) snapshot.conversationId = conversationId
  if (responseId) snapshot.responseId = responseId
  const routedModel = readString(inner, [42])
  if (routedModel) snapshot.routedModel = routedModel
  const contextToken = readString(inner, [25])
  if (contextToken) snapshot.contextToken = contextToken
  const toolStatus = readString(inner, [6, 1, 1, 2])
  if (toolStatus) snapshot.toolStatus = toolStatus
  const candidates = readArray(inner, [4])
  const first = candidates?.find((candidate) => typeof readIndex(candidate, 0) === 'string')
  if (first !== undefined) snapshot.candidate = extractCandidate(first, options)
  return snapshot
}

function extractCandidate(candidate: unknown, options: ExtractOptions): CandidateSnapshot {
  let text = readString(candidate, [1, 0]) ?? ''
  if (options.cardContentPattern.test(text)) text = readString(candidate, [22, 0]) ?? text
  return {
    responseCandidateId: readString(candidate, [0]),
    text: text.replace(options.placeholderPattern, ''),
    thoughts: readString(candidate, [37, 0, 0]) ?? '',
    completion: readNumber(candidate, [8, 0]),
    generatedImages: extractGeneratedImages(candidate),
    webImages: extractWebImages(candidate),
  }
}

function extractGeneratedImages(candidate: unknown): ImageReference[] {
  const entries = readArray(candidate, [12, 7, 0]) ?? []
  const images: ImageReference[] = []
  for (const [index, entry] of entries.entries()) {
    const url = readString(entry, [0, 3, 3])
    if (!url) continue
    const alt = readString(entry, [0, 3, 2])
    const id = readString(entry, [1, 0]) ?? `http://googleusercontent.com/image_generation_content/${index}`
    images.push({ url, id, ...(alt ? { alt } : {}) })
  }
  return images
}

/** Web images: cand[12][1] today; the Bard-era answers kept them at cand[4]. */
function extractWebImages(candidate: unknown): ImageReference[] {
  const entries = readArray(candidate, [12, 1]) ?? readArray(candidate, [4]) ?? []
  const images: ImageReference[] = []
  for (const entry of entries) {
    const url = readString(entry, [0, 0, 0])
    if (!url || !/^https?:\/\//.test(url)) continue
    const alt = readString(entry, [0, 4])
    const title = readString(entry, [7, 0]) ?? readString(entry, [2])
    images.push({ url, ...(alt ? { alt } : {}), ...(title ? { title } : {}) })
  }
  return images
}

