/**
 * The configuration schema, one TypeBox value per section. The loader fills defaults and checks
 * the merged result (file, then environment, then command line) against this schema at startup,
 * so a bad field stops the server with a message naming it instead of failing on the first request.
 */

import { Type, type Static } from '@sinclair/typebox'
import { logLevels } from '../lib/logger.ts'
import { ModelNameRuleSchema } from '../models/model-name-rules.ts'

const ServerSection = Type.Object({
  host: Type.String({ default: '127.0.0.1', minLength: 1 }),
  port: Type.Integer({ default: 8100, minimum: 0, maximum: 65535 }),
  /** The public origin behind a reverse proxy, used in image URLs (e.g. https://api.example.com). */
  publicBaseUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { default: null }),
  /** Seconds a connection may sit idle before Bun closes it; streams send keep-alives well within it. */
  idleTimeoutSeconds: Type.Integer({ default: 120, minimum: 1, maximum: 255 }),
  /** Seconds between keep-alive frames while the upstream is silent during a stream. */
  keepAliveSeconds: Type.Number({ default: 10, exclusiveMinimum: 0, maximum: 60 }),
  /** How long in-flight requests and streams may run after SIGTERM before they are cut. */
  shutdownGraceSeconds: Type.Number({ default: 25, minimum: 0 }),
  /** Largest accepted request body (base64 images make bodies large). */
  maxBodyBytes: Type.Integer({ default: 25 * 1024 * 1024, minimum: 1024 }),
  /** Peer addresses whose X-Forwarded-For / X-Real-IP are trusted (exact IPs or CIDR ranges). */
  trustedProxies: Type.Array(Type.String(), { default: [] }),
  /** More host names this server is reached by (operator routes refuse other Host/Origin values). */
  allowedHosts: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  /** Origins whose browser pages may call the API routes (CORS); empty = none. `*` allows any. */
  corsOrigins: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  /** Longest time to receive a whole request body (slow or unfinished bodies are cut with 408). */
  bodyTimeoutSeconds: Type.Number({ default: 30, exclusiveMinimum: 0, maximum: 600 }),
  /** Requests one client address may have in flight at once (a flood gets 429). */
  maxRequestsPerClient: Type.Integer({ default: 64, minimum: 1 }),
})

const LoggingSection = Type.Object({
  level: Type.Union(logLevels.map((level) => Type.Literal(level)), { default: 'info' }),
  /** One JSON line per request with method, path, status, model, latency and client. */
  accessLog: Type.Boolean({ default: true }),
})

const AccountSection = Type.Object({
  id: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9_.-]+$' }),
  /** __Secure-1PSID */
  psid: Type.Optional(Type.String({ minLength: 1 })),
  /** __Secure-1PSIDTS */
  psidts: Type.Optional(Type.String()),
  /** Any further cookies by name (e.g. from a browser export). */
  cookies: Type.Optional(Type.Record(Type.String(), Type.String())),
  /**
   * A cookie export to import (cookies.txt, Cookie-Editor / EditThisCookie JSON, Playwright
   * storageState, HAR or a Cookie header); a relative path is read from the config file's folder.
   */
  cookieFile: Type.Optional(Type.String()),
  /** Google account slot (/u/N/) when the cookies hold several signed-in accounts. */
  accountIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
  /** Egress proxy for this account's upstream traffic (Google limits per IP), e.g. http://user:pass@host:3128. */
  proxy: Type.Optional(Type.String({ pattern: '^(https?|socks5h?)://' })),
  /** The browser keeper: a real Chromium holds this account's session (device-bound cookies; docs/accounts.md). */
  browser: Type.Optional(
    Type.Object({
      enabled: Type.Boolean({ default: true }),
      /** `page` sends answers and uploads from inside the browser page (its TLS, cookies and attestation). */
      transport: Type.Union([Type.Literal('gateway'), Type.Literal('page')], { default: 'gateway' }),
    }),
  ),
})

const BrowserSection = Type.Object({
  /** Chromium or Chrome to run; null finds chromium, chromium-browser or google-chrome on PATH. */
  executablePath: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }),
  headless: Type.Boolean({ default: true }),
  /** More command-line switches for the browser (a proxy, host rules for a test upstream). */
  extraArgs: Type.Array(Type.String(), { default: [] }),
  /** How often the app page is reloaded; while open, the page's own code renews the cookies. */
  reloadIntervalSeconds: Type.Number({ default: 1800, exclusiveMinimum: 0 }),
  /** How often the browser's cookies are read into the account's jar (also after every page load). */
  syncIntervalSeconds: Type.Number({ default: 60, exclusiveMinimum: 0 }),
  /** First wait before restarting a browser that died; doubled per failure, at most 5 minutes. */
  restartDelaySeconds: Type.Number({ default: 5, exclusiveMinimum: 0 }),
  /** Failed starts in a row before the keeper gives up (the account keeps serving with its last cookies). */
  maxRestarts: Type.Integer({ default: 20, minimum: 0 }),
  /** Longest wait for the browser to start and the app page to load. */
  startTimeoutSeconds: Type.Number({ default: 60, exclusiveMinimum: 0 }),
})

const AccountsSection = Type.Object({
  /** Which ready account takes the next request: least recently used, in turn, or always the first ready one. */
  selection: Type.Union([Type.Literal('least-recently-used'), Type.Literal('round-robin'), Type.Literal('first-ready')], { default: 'least-recently-used' }),
  /** A light page refresh between rotations keeps SIDCC fresh (0 = off); seconds. */
  pageRefreshIntervalSeconds: Type.Number({ default: 300, minimum: 0 }),
})

const AlertsSection = Type.Object({
  /** JSON POST on every account state change and when no account is ready (e.g. a chat bot webhook). */
  webhookUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { default: null }),
  webhookTimeoutSeconds: Type.Number({ default: 5, exclusiveMinimum: 0, maximum: 60 }),
})

const UpstreamSection = Type.Object({
  /** One origin replacing every Google origin (emulator, tests). Null = Google's real hosts. */
  origin: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { default: null }),
  /** Ceiling for one upstream generation, including long image generations (a day at most: timers cap near 24.8 days). */
  requestTimeoutSeconds: Type.Number({ default: 240, exclusiveMinimum: 0, maximum: 86_400 }),
  /** Longest silence tolerated inside an upstream stream before it is treated as stalled (a day at most). */
  streamIdleTimeoutSeconds: Type.Number({ default: 120, exclusiveMinimum: 0, maximum: 86_400 }),
  /** __Secure-1PSIDTS rotation period; jittered by ±15 s. 0 disables the timer. */
  rotationIntervalSeconds: Type.Number({ default: 600, minimum: 0 }),
  /**
   * Which RotateCookies body to send: `auto` tries the legacy body first and the JSON
   * `refreshStrategy` body when that answers 400, and remembers per account which one worked.
   */
  rotationBody: Type.Union([Type.Literal('auto'), Type.Literal('legacy'), Type.Literal('refresh-strategy')], { default: 'auto' }),
  /**
   * Longest prompt sent inline (UTF-8 bytes). Google reads about 130 KB and cuts the rest from the
   * end; above this the earlier turns travel as an uploaded text file (docs/upstream-protocol.md).
   */
  /** How often each account's offered models are read again (otAQ7b and the app page); 0 = only at session start and after a refused model id. */
  discoveryIntervalSeconds: Type.Number({ default: 1800, minimum: 0 }),
  promptInlineBytes: Type.Integer({ default: 100_000, minimum: 4_096, maximum: 128_000 }),
  /** Largest conversation file (UTF-8 bytes); Google reads about 160 KB of it, so older turns beyond are left out. */
  transcriptFileBytes: Type.Integer({ default: 150_000, minimum: 4_096, maximum: 160_000 }),
  /** Deep-partial overrides of the protocol constants (URLs, headers, model hexes, slots, codes). */
  protocol: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
})

const ApiKeySection = Type.Object({
  key: Type.String({ minLength: 1 }),
  name: Type.Optional(Type.String()),
  requestsPerHour: Type.Optional(Type.Integer({ minimum: 0 })),
  modelIntervalSeconds: Type.Optional(Type.Number({ minimum: 0 })),
})

const AccessSection = Type.Object({
  apiKeys: Type.Array(ApiKeySection, { default: [] }),
  /** Needed for operator routes (cookie replacement); without it they answer only on loopback. */
  adminKey: Type.Union([Type.String({ minLength: 8 }), Type.Null()], { default: null }),
  /** Who sees per-account details (ids, states, errors, cookie names) on /api/cookies/status; others get the summary. */
  accountDetails: Type.Union([Type.Literal('admin'), Type.Literal('everyone')], { default: 'admin' }),
})

const RateLimitSection = Type.Object({
  enabled: Type.Boolean({ default: true }),
  /** Requests per client in a sliding hour (docs/compatibility.md). 0 disables the hourly limit. */
  requestsPerHour: Type.Integer({ default: 60, minimum: 0 }),
  windowSeconds: Type.Integer({ default: 3600, minimum: 1 }),
  /** Minimum seconds between two calls of the same model. 0 disables it. */
  modelIntervalSeconds: Type.Number({ default: 5, minimum: 0 }),
  /** Whether the model interval is per client or shared by everyone. */
  modelScope: Type.Union([Type.Literal('client'), Type.Literal('global')], { default: 'client' }),
  store: Type.Union([Type.Literal('memory'), Type.Literal('redis')], { default: 'memory' }),
  redisUrl: Type.Union([Type.String(), Type.Null()], { default: null }),
  /** Prefix of every Redis key the limiter writes, so several deployments can share one Redis. */
  redisKeyPrefix: Type.String({ default: 'gemini-reverse:rate-limit:', minLength: 1 }),
  /** Longest wait for a Redis connect or command before the store counts as unavailable. */
  redisTimeoutMs: Type.Integer({ default: 1000, minimum: 10, maximum: 60_000 }),
  /** When the store is unreachable: refuse with 503 (false) or let requests through (true). */
  failOpen: Type.Boolean({ default: false }),
  /** Upper bound on clients tracked in memory (least recently seen are dropped first). */
  maxTrackedClients: Type.Integer({ default: 100_000, minimum: 100 }),
})

export const ImagesSection = Type.Object({
  /** Hours a generated image stays downloadable. */
  retentionHours: Type.Number({ default: 24, exclusiveMinimum: 0 }),
  /** Total bytes of stored images; the oldest are deleted first when it is exceeded. */
  maxStoreBytes: Type.Integer({ default: 1024 * 1024 * 1024, minimum: 1024 }),
  /** An image younger than this is never deleted to make room (its URL was just handed out); a full store refuses new images instead. */
  minimumKeepSeconds: Type.Number({ default: 600, minimum: 0 }),
  /** Largest single uploaded image or file. */
  maxUploadBytes: Type.Integer({ default: 20 * 1024 * 1024, minimum: 1024 }),
  /** Upper bound on `n` for one images request. */
  maxImagesPerRequest: Type.Integer({ default: 4, minimum: 1, maximum: 10 }),
  /** Remote image_url fetching (SSRF-checked); off refuses http(s) URLs with a 400. */
  allowRemoteFetch: Type.Boolean({ default: true }),
  remoteFetchTimeoutSeconds: Type.Number({ default: 15, exclusiveMinimum: 0 }),
})

const ConversationsSection = Type.Object({
  /** Continue upstream conversations instead of resending the whole history (docs/conversations.md). */
  enabled: Type.Boolean({ default: true }),
  /** `auto`: Redis when rateLimit.redisUrl is set (shared by instances), else SQLite under DATA_DIR. */
  store: Type.Union([Type.Literal('auto'), Type.Literal('sqlite'), Type.Literal('redis'), Type.Literal('memory')], { default: 'auto' }),
  /** Continuations kept at most (SQLite and memory; Redis relies on expiry). */
  maxEntries: Type.Integer({ default: 100_000, minimum: 100 }),
  /** How long a conversation can be continued after its last answer. */
  ttlHours: Type.Number({ default: 72, exclusiveMinimum: 0 }),
  redisKeyPrefix: Type.String({ default: 'gemini-reverse:conversation:', minLength: 1 }),
})

const ModelOverride = Type.Object({ id: Type.String({ minLength: 1 }) }, { additionalProperties: true })

export const ConfigSchema = Type.Object({
  server: ServerSection,
  logging: LoggingSection,
  dataDir: Type.String({ default: './data', minLength: 1 }),
  accounts: Type.Array(AccountSection, { default: [] }),
  /** How the account pool shares the load and keeps sessions alive. */
  accountPool: AccountsSection,
  alerts: AlertsSection,
  conversations: ConversationsSection,
  upstream: UpstreamSection,
  browser: BrowserSection,
  access: AccessSection,
  rateLimit: RateLimitSection,
  images: ImagesSection,
  /** Rows merged over the built-in model table by id; unknown ids add models; `enabled: false` hides one. */
  models: Type.Array(ModelOverride, { default: [] }),
  /** Globs mapping unlisted model names to a model, checked before the built-in rules (src/models/model-name-rules.ts). */
  modelNameRules: Type.Array(ModelNameRuleSchema, { default: [] }),
  /** Run with the in-process emulator and placeholder cookies (try every endpoint offline). */
  demo: Type.Boolean({ default: false }),
})

export type Config = Static<typeof ConfigSchema>
export type AccountConfig = Static<typeof AccountSection>
