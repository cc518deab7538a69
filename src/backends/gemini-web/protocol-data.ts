/**
 * Every constant of the Gemini web protocol in one data value: origins, paths, header names and
 * templates, model ids per role and tier, request slot defaults, RPC ids, rotation bodies, error
 * codes and page token keys. Each of these has changed at least once in 18 months, so config
 * `upstream.protocol` can override any of them (deep-partial) without a rebuild.
 * docs/upstream-protocol.md gives each value its public source and the date it was confirmed.
 */

import type { ErrorKind, ErrorScope } from '../../core/errors.ts'
import { mergeDeep } from '../../lib/merge-deep.ts'
import type { UpstreamRole } from '../../models/model-spec.ts'

export type AccountTier = 'free' | 'paid'

/** One model family: its mode category (inner[79], header, otAQ7b entry [17]) and fallback ids per tier. */
type RoleEntry = { modeCategory: number; hex: Record<AccountTier, string> }

/**
 * How an account's tier and the header's capacity value follow from the otAQ7b flags. Rules are
 * tried in order; the first whose tier flag or capability flag the account has wins.
 */
type CapacityRule = { tierFlag?: number; capabilityFlag?: number; tier: AccountTier; label: string; capacity: string }

export type RotationBody = 'legacy' | 'refresh-strategy'

/** `coolDownScope`: a limit of one model on the account (1037) or of the whole account (IP blocks, throttling). */
type BardErrorEntry = { kind: ErrorKind; scope: ErrorScope; meaning: string; coolDownSeconds?: number; coolDownScope?: 'model' | 'account'; retryable?: boolean }

export type ProtocolData = {
  origins: {
    gemini: string
    accounts: string
    upload: string
    preflight: string
  }
  /** Host suffixes treated as Google's: mapped onto `upstream.origin` and allowed for image downloads. */
  googleHostSuffixes: string[]
  /** Host suffixes image downloads may reach (redirect hops included). */
  imageHostSuffixes: string[]
  paths: {
    app: string
    /** `{index}` is the Google account slot. */
    accountApp: string
    accountPrefix: string
    streamGenerate: string
    batchExecute: string
    rotateCookies: string
    upload: string
    /** Google's sign-in page (accounts origin), where `accounts login` starts; `{continue}` is the app URL. */
    signIn: string
  }
  headers: {
    common: Record<string, string>
    form: Record<string, string>
    modelHeaderName: string
    /**
     * The model header; `{hex}`, `{capacity}` (a raw JSON fragment), `{mode}`, `{thinking}` and
     * `{clientUuid}` (stable per account) are replaced.
     */
    modelHeaderTemplate: string
    requestUuidHeaderName: string
    /** `{uuid}` is replaced by the same upper-case UUID written at inner[requestUuid]. */
    requestUuidTemplate: string
    generateExtra: Record<string, string>
    batchExtra: Record<string, string>
    upload: Record<string, string>
    imageDownload: Record<string, string>
    accountIndexHeaderName: string
  }
  models: {
    roles: Record<UpstreamRole, RoleEntry>
    /** Header and inner[80] values for normal and extended thinking. */
    thinking: { normal: number; extended: number }
    capacityRules: CapacityRule[]
    /** When no rule matches (a free account). */
    defaultCapacity: { tier: AccountTier; label: string; capacity: string }
    /**
     * The app-page flag listing model ids (`thinking=<paid>,<free>` / `fast=<paid>,<free>`). It is
     * the same on signed-in and signed-out pages (not the account's own list) and has no Flash-Lite.
     */
    pageFlagKey: string
    /** The otAQ7b account status of a signed-in account; other statuses (1016 guest) are read as free. */
    signedInAccountStatus: number
  }
  request: {
    /** Length of the inner list; unset slots are null. */
    innerLength: number
    /** Sparse slot defaults (index → value). */
    slotDefaults: Record<string, unknown>
    slots: {
      prompt: number
      language: number
      metadata: number
      tool: number
      requestUuid: number
      modeCategory: number
      thinking: number
      /** `[[n]]`: the number of earlier turns in this upstream conversation. */
      turnIndex: number
      /** 1 on a fresh chat, 0 on a follow-up. */
      freshChat: number
    }
    /** Value of the tool slot forcing the image tool (Nano Banana). */
    imageToolValue: number
    /** The 10-slot conversation metadata of a new chat. */
    newChatMetadata: unknown[]
    defaultLanguage: string
    /** `browser`: [[id, kind, null, mime], name, null×6, [0]]; `minimal`: [[id, 1], name]. */
    fileReferenceShape: 'browser' | 'minimal'
  }
  query: { rt: string; sourcePath: string }
  rpcIds: { modelList: string }
  rotation: {
    bodies: Record<RotationBody, string>
    headers: Record<RotationBody, Record<string, string>>
    /** Tried in this order when `upstream.rotationBody` is `auto`. */
    order: RotationBody[]
    /** The only cookies sent to RotateCookies (more got 401 in 2026). */
    cookieNames: string[]
    /** Two rotations closer than this are coalesced into one (429 otherwise). */
    minimumSpacingSeconds: number
    jitterSeconds: number
  }
  session: {
    /** Page tokens are refetched after this many seconds. */
    tokenLifetimeSeconds: number
    /** Redirect classification by host and path prefix of the Location. */
    loginRedirects: string[]
    botCheckRedirects: string[]
    consentRedirects: string[]
  }
  tokenKeys: {
    xsrf: string
    buildLabel: string
    sessionId: string
    language: string
    pushId: string
    userId: string
    email: string
  }
  defaultPushId: string
  uploadDefaultName: string
  /** Cookie names re-sent on image download hops (host-only cookies there cause 403). */
  downloadCookieNames: string[]
  /** Path of the Bard error code inside a status envelope. */
  bardErrorType: string
  bardErrors: Record<string, BardErrorEntry>
  /** Candidate completion values (cand[8][0]) that mean the answer was stopped by a filter. */
  blockedCompletionValues: number[]
  /** Text placeholders the upstream puts where an artefact is rendered. */
  placeholderPattern: string
  /** cand[1][0] pattern meaning "the real text is at cand[22][0]". */
  cardContentPattern: string
}

export const defaultProtocolData: ProtocolData = {
  origins: {
    gemini: 'https://gemini.google.com',
    accounts: 'https://accounts.google.com',
    upload: 'https://content-push.googleapis.com',
    preflight: 'https://www.google.com',
  },
  googleHostSuffixes: ['google.com', 'googleusercontent.com', 'googleapis.com', 'usercontent.google.com'],
  imageHostSuffixes: ['googleusercontent.com', 'google.com'],
  paths: {
    app: '/app',
    accountApp: '/u/{index}/app',
    accountPrefix: '/u/{index}',
    streamGenerate: '/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate',
    batchExecute: '/_/BardChatUi/data/batchexecute',
    rotateCookies: '/RotateCookies',
    upload: '/upload/',
    signIn: '/ServiceLogin?continue={continue}',
  },
  headers: {
    common: {
      accept: '*/*',
      'accept-language': 'en-US,en;q=0.9',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36',
    },
    form: {
      'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
      origin: 'https://gemini.google.com',
      referer: 'https://gemini.google.com/',
      'x-same-domain': '1',
    },
    modelHeaderName: 'x-goog-ext-525001261-jspb',
    modelHeaderTemplate: '[1,null,null,null,"{hex}",null,null,0,[4,5,6,8],null,null,{capacity},null,null,{mode},{thinking},"{clientUuid}"]',
    requestUuidHeaderName: 'x-goog-ext-525005358-jspb',
    requestUuidTemplate: '["{uuid}",1]',
    generateExtra: { 'x-goog-ext-73010989-jspb': '[0]', 'x-goog-ext-73010990-jspb': '[0,0,0]' },
    // `{clientUuid}`: the account's session UUID, the 17th element as the model header carries it (docs/upstream-protocol.md).
    batchExtra: { 'x-goog-ext-525001261-jspb': '[1,null,null,null,null,null,null,null,[4,5,6,8],null,null,null,null,null,null,null,"{clientUuid}"]', 'x-goog-ext-73010989-jspb': '[0]' },
    upload: { origin: 'https://gemini.google.com', referer: 'https://gemini.google.com/', 'x-tenant-id': 'bard-storage' },
    imageDownload: { accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8', origin: 'https://gemini.google.com', referer: 'https://gemini.google.com/' },
    accountIndexHeaderName: 'x-goog-authuser',
  },
  models: {
    roles: {
      flash: { modeCategory: 1, hex: { free: 'fbb127bbb056c959', paid: '56fdd199312815e2' } },
      pro: { modeCategory: 3, hex: { free: '9d8ca3786ebdfbea', paid: 'e6fa609c3fa255c0' } },
      'flash-lite': { modeCategory: 6, hex: { free: 'cf41b0e0dd7d53e5', paid: '8c46e95b1a07cecc' } },
    },
    thinking: { normal: 1, extended: 2 },
    capacityRules: [
      { tierFlag: 21, tier: 'paid', label: 'paid (versioned capacity 1)', capacity: 'null,1' },
      { tierFlag: 22, tier: 'paid', label: 'paid (versioned capacity 2)', capacity: 'null,2' },
      { capabilityFlag: 115, tier: 'paid', label: 'plus', capacity: '4' },
      { tierFlag: 16, tier: 'paid', label: 'pro', capacity: '3' },
      { capabilityFlag: 106, tier: 'paid', label: 'pro', capacity: '3' },
      { tierFlag: 8, tier: 'paid', label: 'pro', capacity: '2' },
      { capabilityFlag: 19, tier: 'paid', label: 'pro', capacity: '2' },
    ],
    defaultCapacity: { tier: 'free', label: 'free', capacity: '1' },
    pageFlagKey: 'm3eQte',
    signedInAccountStatus: 1000,
  },
  request: {
    innerLength: 97,
    slotDefaults: { '6': [1], '7': 1, '10': 1, '11': 0, '17': [[0]], '18': 0, '27': 1, '30': [4], '41': [1], '53': 0, '61': [], '68': 1, '91': 0, '96': 1 },
    slots: { prompt: 0, language: 1, metadata: 2, tool: 49, requestUuid: 59, modeCategory: 79, thinking: 80, turnIndex: 17, freshChat: 96 },
    imageToolValue: 14,
    newChatMetadata: ['', '', '', null, null, null, null, null, null, ''],
    defaultLanguage: 'en',
    fileReferenceShape: 'browser',
  },
  query: { rt: 'c', sourcePath: '/app' },
  rpcIds: { modelList: 'otAQ7b' },
  rotation: {
    bodies: {
      'refresh-strategy': '[{"cookieName":"__Secure-1PSIDTS","refreshStrategy":"ROTATE"}]',
      legacy: '[000,"-0000000000000000000"]',
    },
    headers: {
      'refresh-strategy': { accept: '*/*', 'content-type': 'application/json', origin: 'https://gemini.google.com', referer: 'https://gemini.google.com/', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-site' },
      legacy: { 'content-type': 'application/json', origin: 'https://accounts.google.com' },
    },
    order: ['legacy', 'refresh-strategy'],
    cookieNames: ['__Secure-1PSID', '__Secure-1PSIDTS'],
    minimumSpacingSeconds: 60,
    jitterSeconds: 15,
  },
  session: {
    tokenLifetimeSeconds: 1200,
    loginRedirects: ['accounts.google.com/'],
    botCheckRedirects: ['www.google.com/sorry', 'google.com/sorry'],
    consentRedirects: ['consent.google.com/'],
  },
  tokenKeys: { xsrf: 'SNlM0e', buildLabel: 'cfb2h', sessionId: 'FdrFJe', language: 'TuX5cc', pushId: 'qKIAYe', userId: 'S06Grb', email: 'oPEP7c' },
  defaultPushId: 'feeds/mcudyrk2a4khkz',
  uploadDefaultName: 'input.txt',
  downloadCookieNames: [
    'HSID', 'SSID', 'APISID', 'SAPISID', '__Secure-1PAPISID', '__Secure-3PAPISID', 'SID', '__Secure-1PSID', '__Secure-3PSID',
    'GOOGLE_ABUSE_EXEMPTION', 'NID', '__Secure-1PSIDTS', '__Secure-1PSIDRTS', '__Secure-3PSIDTS', '__Secure-3PSIDRTS', 'SIDCC',
    '__Secure-1PSIDCC', '__Secure-3PSIDCC',
  ],
  bardErrorType: 'type.googleapis.com/assistant.boq.bard.application.BardErrorInfo',
  bardErrors: {
    '1013': { kind: 'upstream_unavailable', scope: 'server', meaning: 'temporary upstream error' },
    '1037': { kind: 'upstream_rate_limited', scope: 'credential', meaning: 'usage limit of this model reached for the account', coolDownSeconds: 3600, coolDownScope: 'model' },
    '1050': { kind: 'upstream_bad_response', scope: 'request', meaning: 'model does not match the conversation history', retryable: false },
    '1052': { kind: 'model_not_found', scope: 'request', meaning: 'the upstream does not offer this model now (invalid or retired model header)' },
    '1053': { kind: 'unsupported_feature', scope: 'request', meaning: 'the upstream is generating a video (pending), which this server cannot deliver' },
    '1060': { kind: 'upstream_rate_limited', scope: 'credential', meaning: 'the upstream temporarily blocked this IP', coolDownSeconds: 600 },
    '1095': { kind: 'upstream_rate_limited', scope: 'credential', meaning: 'the upstream throttles this IP', coolDownSeconds: 300 },
    '1096': { kind: 'upstream_bad_response', scope: 'request', meaning: 'conversation state or attestation rejected' },
    '1100': { kind: 'unsupported_feature', scope: 'request', meaning: 'the upstream refused the attached image or file (attestation required)' },
    '1155': { kind: 'upstream_unavailable', scope: 'server', meaning: 'session or parameter mismatch, transient' },
  },
  blockedCompletionValues: [3, 4],
  placeholderPattern: 'http://googleusercontent\\.com/\\w+/[\\d_]+\\n*',
  cardContentPattern: '^http://googleusercontent\\.com/card_content/\\d+',
}

export function resolveProtocolData(override: Record<string, unknown> | undefined): ProtocolData {
  return mergeDeep(defaultProtocolData, override ?? {})
}
