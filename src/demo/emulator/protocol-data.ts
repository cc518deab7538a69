/**
 * Every upstream protocol constant the emulator serves or checks, as data. The emulator keeps its
 * own copy (it must not import the client's) so that a client passing against it proves the two
 * were built independently from the same record. Values follow
 * docs/upstream-protocol.md and the captured fixtures (test/fixtures/gemini-web).
 */

export const xssiPrefix = ")]}'\n\n"

export const paths = {
  streamGenerate: '/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate',
  batchExecute: '/_/BardChatUi/data/batchexecute',
  rotateCookies: '/RotateCookies',
  upload: '/upload',
  generatedImage: '/gg-dl/',
  redirectedImage: '/rd-gg-dl/',
} as const

/** Real Google origins the emulator writes into answers and Location headers. */
export const googleOrigins = {
  gemini: 'https://gemini.google.com',
  accounts: 'https://accounts.google.com',
  generatedImages: 'https://lh3.googleusercontent.com',
  redirectedImages: 'https://work.fife.usercontent.google.com',
  upload: 'https://content-push.googleapis.com',
  google: 'https://www.google.com',
} as const

export const redirectTargets = {
  login: 'https://accounts.google.com/v3/signin/identifier?continue=https%3A%2F%2Fgemini.google.com%2Fapp&flowName=GlifWebSignIn',
  sorry: 'https://www.google.com/sorry/index?continue=https://gemini.google.com/app',
  consent: 'https://consent.google.com/ml?continue=https://gemini.google.com/app&gl=CH&hl=en&pc=bard&src=1',
} as const

export const headerNames = {
  model: 'x-goog-ext-525001261-jspb',
  requestUuid: 'x-goog-ext-525005358-jspb',
  pushId: 'push-id',
  tenant: 'x-tenant-id',
  uploadCommand: 'x-goog-upload-command',
  uploadProtocol: 'x-goog-upload-protocol',
  uploadLength: 'x-goog-upload-header-content-length',
  uploadOffset: 'x-goog-upload-offset',
  uploadUrl: 'x-goog-upload-url',
  uploadStatus: 'x-goog-upload-status',
} as const

export const cookieNames = {
  psid: '__Secure-1PSID',
  psidts: '__Secure-1PSIDTS',
  psidts3: '__Secure-3PSIDTS',
  sidcc: 'SIDCC',
  psidcc1: '__Secure-1PSIDCC',
  psidcc3: '__Secure-3PSIDCC',
} as const

export const bardErrorType = 'type.googleapis.com/assistant.boq.bard.application.BardErrorInfo'

/** In-stream BardErrorInfo codes the emulator knows by name (any other number is sent as is). */
export const bardErrorCodes = {
  temporary: 1013,
  usageLimit: 1037,
  modelInconsistent: 1050,
  modelInvalid: 1052,
  ipBlocked: 1060,
  throttled: 1095,
  conversationState: 1096,
  attestation: 1100,
  sessionMismatch: 1155,
} as const

/** otAQ7b account status codes (body[14]). */
export const accountStatus = { available: 1000, unauthenticated: 1016 } as const

export type EmulatedModel = {
  hex: string
  /** Name written at inner[42] of the final frame (the routed model). */
  displayName: string
  /** Mode category (otAQ7b entry [17], request inner[79], header). */
  mode: number
  shortName: string
  description: string
  /** Paid ids answer 1052 when the model header carries no capacity value. */
  paid: boolean
}

export type EmulatedTier = 'free' | 'paid'

/**
 * `current`: the ids of September-October 2026 (docs/upstream-protocol.md). `renamed`: ids no
 * client table knows, as after Google renumbers its models; only discovery can find them.
 */
export type ModelGeneration = 'current' | 'renamed'

const flash = { shortName: 'Fast', description: 'All-around help', mode: 1 }
const pro = { shortName: 'Pro', description: 'Advanced math & code', mode: 3 }
const lite = { shortName: 'Flash-Lite', description: 'Fastest answers', mode: 6 }

/** The three models each account is offered, by generation and tier, in otAQ7b order. */
export const offeredModels: Record<ModelGeneration, Record<EmulatedTier, readonly EmulatedModel[]>> = {
  current: {
    free: [
      { ...lite, hex: 'cf41b0e0dd7d53e5', displayName: '3.5 Flash-Lite', paid: false },
      { ...flash, hex: 'fbb127bbb056c959', displayName: '3.6 Flash', paid: false },
      { ...pro, hex: '9d8ca3786ebdfbea', displayName: '3.1 Pro', paid: false },
    ],
    paid: [
      { ...lite, hex: '8c46e95b1a07cecc', displayName: '3.5 Flash-Lite', paid: true },
      { ...flash, hex: '56fdd199312815e2', displayName: '3.8 Flash', paid: true },
      { ...pro, hex: 'e6fa609c3fa255c0', displayName: '3.1 Pro', paid: true },
    ],
  },
  renamed: {
    free: [
      { ...lite, hex: '4a1c7e90b2d35f68', displayName: '4.0 Flash-Lite', paid: false },
      { ...flash, hex: '7d20f5c8e91a3b46', displayName: '4.0 Flash', paid: false },
      { ...pro, hex: 'b3e8042d6fa1c957', displayName: '4.0 Pro', paid: false },
    ],
    paid: [
      { ...lite, hex: '0e5b9d27c4a86f13', displayName: '4.0 Flash-Lite', paid: true },
      { ...flash, hex: 'c96a1f3e2b70d845', displayName: '4.1 Flash', paid: true },
      { ...pro, hex: '58d4b0a7e3c21f96', displayName: '4.0 Pro', paid: true },
    ],
  },
}

/** otAQ7b [16] tier flags and [17] capability flags per tier (flag 8 marks a paid Pro account). */
export const accountFlags: Record<EmulatedTier, { tierFlags: number[]; capabilityFlags: number[] }> = {
  free: { tierFlags: [2, 20, 9, 38], capabilityFlags: [2, 140, 3, 4, 5, 6, 135, 7, 8, 62, 9, 10, 11, 231, 98, 99, 64, 12, 97, 111, 72, 73, 74, 0, 18, 20, 22, 25, 90, 91] },
  paid: { tierFlags: [2, 20, 9, 38, 8], capabilityFlags: [2, 140, 3, 4, 5, 6, 135, 7, 8, 62, 9, 10, 11, 231, 98, 99, 64, 12, 97, 111, 72, 73, 74, 0, 18, 20, 22, 25, 90, 91, 19] },
}

/** The app page flag listing the ids: `thinking=<paid pro>,<free pro>;fast=<paid flash>,<free flash>`. */
export const pageModelFlagKey = 'm3eQte'

/** Header thinking value (index after the mode) for extended thinking. */
export const extendedThinking = 2

/** Tool selector value at inner[49] that forces the image tool (Nano Banana). */
export const imageToolSelector = 14
export const imagePromptPattern = /^\s*(generate an image|draw|edit)\b/i

/** Request slot numbers (0-based indices of the inner list). */
export const innerSlots = {
  userTurn: 0,
  language: 1,
  conversation: 2,
  toolSelector: 49,
  requestUuid: 59,
  thinking: 80,
} as const

export const answerLimits = { promptEcho: 60 } as const

/**
 * What the upstream reads: about 130 KB of the prompt (the rest is cut from the END, silently)
 * and about 160 KB of an uploaded text file (zexadev/gemini-web2api-go CHANGELOG 4.1.0).
 */
export const readLimits = { promptBytes: 130 * 1024, textFileBytes: 160 * 1024 } as const

export const wizDefaults = {
  buildLabel: 'boq_assistant-bard-web-server_20260806.17_p0',
  sessionId: '-1594710263937718439',
  language: 'en',
  pushId: 'feeds/mcudyrk2a4khkz',
  userId: '123456789012345678901',
  email: 'emulated.user@example.test',
  uploadBase: 'https://push.clients6.google.com/upload/',
} as const

export const rotateBodies = {
  legacy: '[000,"-0000000000000000000"]',
  current: [{ cookieName: '__Secure-1PSIDTS', refreshStrategy: 'ROTATE' }],
} as const

export const uploadTenant = 'bard-storage'
export const uploadIdentifierPrefix = '/contrib_service/ttl_1d/'

/** Image sizes: `=sN` asks for longest side N; no suffix gives the ~512 px preview. */
export const imageSizes = { preview: 512, maxSide: 4096 } as const
