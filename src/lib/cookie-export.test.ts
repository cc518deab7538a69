import { describe, expect, it } from 'bun:test'
import { CookieExportError, parseCookieExport } from './cookie-export.ts'

describe('parseCookieExport', () => {
  it('reads a name-value map', () => {
    expect(parseCookieExport({ '__Secure-1PSID': 'a', SIDCC: 'b' })).toEqual({ '__Secure-1PSID': 'a', SIDCC: 'b' })
  })

  it('keeps only Google cookies from a browser export', () => {
    const exported = [
      { name: '__Secure-1PSID', value: 'psid', domain: '.google.com' },
      { name: 'NID', value: 'nid', domain: 'www.google.com' },
      { name: 'session', value: 'other', domain: '.example.com' },
    ]
    expect(parseCookieExport(exported)).toEqual({ '__Secure-1PSID': 'psid', NID: 'nid' })
  })

  it.each([[[{ name: 'bad name', value: 'x' }]], [{ ok: '' }], [{ ok: 3 }]])('refuses %p', (value) => {
    expect(() => parseCookieExport(value)).toThrow(CookieExportError)
  })
})
