import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { CookieImportError } from './cookie-import-error.ts'
import { readCookieFile, readCookieImport } from './read-cookie-import.ts'

const samples = join(import.meta.dir, '../../../test/fixtures/cookie-exports')

async function refusal(run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(CookieImportError)
    return (error as Error).message
  }
  throw new Error('expected the import to be refused')
}

describe('cookie imports: every export users have', () => {
  test('Netscape cookies.txt (yt-dlp, "Get cookies.txt"): HttpOnly lines read, comments, other sites and empty values skipped', async () => {
    const result = await readCookieFile(join(samples, 'cookies.txt'), { requireSession: true })
    expect(result.format).toBe('netscape')
    expect(result.cookies).toEqual({ '__Secure-1PSID': 'g.a000sample-psid-netscape', '__Secure-1PSIDTS': 'sidts-CjEBsample-netscape', SAPISID: 'sapisid-sample/Abc', _ga: 'GA1.1.sample' })
    expect(result.expiresAt['__Secure-1PSIDTS']).toBe(1767225600000)
    expect(result.skipped).toEqual({ empty: 1, otherSites: 1 })
  })

  test('Cookie-Editor JSON: the .google.com cookie wins over a host-only twin; other sites skipped', async () => {
    const result = await readCookieFile(join(samples, 'cookie-editor.json'), { requireSession: true })
    expect(result.format).toBe('json')
    expect(result.cookies).toEqual({ '__Secure-1PSID': 'g.a000sample-psid-cookie-editor', '__Secure-1PSIDTS': 'sidts-CjEBsample-cookie-editor' })
    expect(result.expiresAt['__Secure-1PSID']).toBe(1799999999523)
    expect(result.skipped.otherSites).toBe(1)
  })

  test('EditThisCookie JSON: empty values are skipped, not fatal', async () => {
    const result = await readCookieFile(join(samples, 'edit-this-cookie.json'), { requireSession: true })
    expect(result.cookies).toEqual({ '__Secure-1PSID': 'g.a000sample-psid-edit-this-cookie' })
    expect(result.skipped.empty).toBe(1)
  })

  test('Playwright storageState: cookies read, session cookies without expiry, origins ignored', async () => {
    const result = await readCookieFile(join(samples, 'storage-state.json'), { requireSession: true })
    expect(result.cookies).toEqual({ '__Secure-1PSID': 'g.a000sample-psid-playwright', '__Secure-1PSIDTS': 'sidts-CjEBsample-playwright' })
    expect(result.expiresAt['__Secure-1PSIDTS']).toBeUndefined()
  })

  test('HAR: cookies of requests to Google, later Set-Cookie values replacing earlier ones', async () => {
    const result = await readCookieFile(join(samples, 'session.har'), { requireSession: true })
    expect(result.cookies).toEqual({ '__Secure-1PSID': 'g.a000sample-psid-har', '__Secure-1PSIDTS': 'sidts-CjEBsample-rotated' })
    expect(result.skipped.otherSites).toBe(1)
  })

  test('a plain Cookie header, with or without the "Cookie:" name', async () => {
    const result = await readCookieFile(join(samples, 'cookie-header.txt'), { requireSession: true })
    expect(result.format).toBe('cookie-header')
    expect(result.cookies).toEqual({ '__Secure-1PSID': 'g.a000sample-psid-header', '__Secure-1PSIDTS': 'sidts-CjEBsample-header', NID: '511=abc' })
    expect(readCookieImport('a=1; b=2', 'body').cookies).toEqual({ a: '1', b: '2' })
  })

  test('a {name: value} map, already parsed from a request body', () => {
    expect(readCookieImport({ '__Secure-1PSID': 'x1', '__Secure-1PSIDTS': 'y2' }, 'the request body').cookies).toEqual({ '__Secure-1PSID': 'x1', '__Secure-1PSIDTS': 'y2' })
  })
})

describe('cookie imports: broken exports name the file, the place and the problem', () => {
  test('a cookies.txt line with too few fields', async () => {
    const path = join(samples, 'broken-cookies.txt')
    expect(await refusal(() => readCookieFile(path))).toBe(`${path}, line 2: expected 7 tab-separated fields (domain, subdomains, path, secure, expiry, name, value), found 3`)
  })

  test('JSON that does not parse, an entry without a name, a value that is not a string', async () => {
    expect(await refusal(() => readCookieImport('[{"name": "a",', 'cookies.json'))).toStartWith('cookies.json: it looks like JSON but does not parse')
    expect(await refusal(() => readCookieImport('[{"value": "v"}]', 'cookies.json'))).toBe('cookies.json, entry 1: the cookie has no "name"')
    expect(await refusal(() => readCookieImport('[{"name": "a", "value": 5}]', 'cookies.json'))).toBe('cookies.json, entry 1: the value of a is not a string')
  })

  test('a value no cookie can hold, and a bad name', async () => {
    expect(await refusal(() => readCookieImport({ big: 'x'.repeat(5000) }, 'the request body'))).toBe('the request body, key "big": the value of big is 5000 bytes; a cookie holds at most 4096')
    expect(await refusal(() => readCookieImport({ 'a b': 'x' }, 'the request body'))).toBe('the request body, key "a b": "a b" is not a valid cookie name')
    expect(await refusal(() => readCookieImport({ a: 'x;y' }, 'the request body'))).toContain('characters a cookie cannot hold')
  })

  test('an export without the session cookie, and one that is not an export at all', async () => {
    expect(await refusal(() => readCookieImport('[{"name": "NID", "value": "1", "domain": ".google.com"}]', 'nid.json', { requireSession: true }))).toBe(
      'nid.json: it holds 1 cookies, 1 of them for google.com, none named __Secure-1PSID; export the cookies of gemini.google.com while signed in (docs/accounts.md)',
    )
    expect(await refusal(() => readCookieImport('hello world', 'notes.txt'))).toStartWith('notes.txt, line 1: not a cookie export this server knows')
    expect(await refusal(() => readCookieFile('/nonexistent/cookies.txt'))).toBe('/nonexistent/cookies.txt: the file does not exist')
  })
})
