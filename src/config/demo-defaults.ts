/**
 * What `--demo` changes besides the upstream: the rate limits are relaxed so that the README's
 * examples, pasted back to back, all answer (the guide's 5 s between two calls of one model
 * would refuse every second one). They sit under the file, the environment and the flags, so
 * `RATE_LIMIT_*` or `--rate-limit-*` still set them in demo mode.
 */

export const demoDefaults = {
  rateLimit: { requestsPerHour: 1000, modelIntervalSeconds: 0 },
} as const
