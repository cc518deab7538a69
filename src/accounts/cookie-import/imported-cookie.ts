/**
 * One cookie as every export format describes it, before the Google cookies are picked out:
 * name, value, the domain it belongs to (when the format says), when it expires (Unix
 * milliseconds, when known) and where in the file it came from, for error messages.
 */

export type ImportedCookie = {
  name: string
  value: string
  /** Host or `.domain` the cookie is set for; undefined when the format does not say (a header). */
  domain?: string
  expiresAt?: number
  /** "line 12", "entry 3": where the cookie stands in its file. */
  place: string
}
