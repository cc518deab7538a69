/**
 * What a cookie name and value may be, checked wherever cookies enter (config, environment, any
 * export, the admin API): a value a browser would never hold (over 4096 bytes, spaces, `;`,
 * quotes, non-ASCII) makes every upstream call fail later with 400 or 431, far from its cause.
 * Problems name the cookie, never its value.
 */

/** Browsers refuse cookies over 4096 bytes; a longer value is not a real cookie. */
const maximumValueBytes = 4096
const namePattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Why this cookie cannot be sent, or null when it can. */
export function findCookieProblem(name: string, value: string): string | null {
  if (!namePattern.test(name)) return `"${name.slice(0, 40)}" is not a valid cookie name`
  if (value === '') return `the value of ${name} is empty`
  const bytes = Buffer.byteLength(value)
  if (bytes > maximumValueBytes) return `the value of ${name} is ${bytes} bytes; a cookie holds at most ${maximumValueBytes}`
  if (/[\s;,"\\]/.test(value) || /[^\x21-\x7e]/.test(value)) return `the value of ${name} has characters a cookie cannot hold (spaces, quotes, ; or non-ASCII)`
  return null
}
