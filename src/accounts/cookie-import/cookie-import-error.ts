/**
 * The one error of cookie imports. Its message always names where the problem is (the file, and
 * the line or entry inside it) and what is wrong, because the operator has to find it in a file
 * exported by a browser extension they did not write.
 */

export class CookieImportError extends Error {
  override readonly name = 'CookieImportError'
}

/** `source` names the file (or "the request body"); `place` the line or entry, when known. */
export function importError(source: string, place: string | null, problem: string): CookieImportError {
  return new CookieImportError(`${source}${place ? `, ${place}` : ''}: ${problem}`)
}
