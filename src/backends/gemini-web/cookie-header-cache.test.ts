import { describe, expect, it } from 'bun:test'
import { CookieStore } from './cookie-store.ts'

const app = 'https://gemini.google.com/app'
const generate = 'https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?bl=x&_reqid=1'
const inOneYear = () => new Date(Date.now() + 365 * 86_400_000).toUTCString()

function seeded(): CookieStore {
  const store = new CookieStore('/nonexistent/never-written.json')
  store.replaceWith({ '__Secure-1PSID': 'psid', '__Secure-1PSIDTS': 'sidts' })
  return store
}

describe('CookieStore Cookie header cache', () => {
  it('a value refresh shows in the next header, and reaches the jar before anything reads it', () => {
    const store = seeded()
    store.merge([`SIDCC=first; Expires=${inOneYear()}; Path=/; Domain=.google.com; Secure`], app)
    expect(store.cookieHeader(generate)).toContain('SIDCC=first')
    for (let index = 0; index < 5; index++) store.merge([`SIDCC=refresh-${index}; Expires=${inOneYear()}; Path=/; Domain=.google.com; Secure`], app)
    const header = store.cookieHeader(generate)
    expect(header).toContain('SIDCC=refresh-4')
    expect(header.match(/SIDCC=/g)?.length).toBe(1)
    expect(store.value('SIDCC')).toBe('refresh-4')
    expect(store.listCookies().filter((cookie) => cookie.name === 'SIDCC').map((cookie) => cookie.value)).toEqual(['refresh-4'])
  })

  it('a cookie that joins, a deleted one and an expired one change the header', async () => {
    const store = seeded()
    expect(store.cookieHeader(generate)).not.toContain('NID=')
    store.merge([`NID=n1; Expires=${inOneYear()}; Path=/; Domain=.google.com`], app)
    expect(store.cookieHeader(generate)).toContain('NID=n1')
    store.merge(['NID=gone; Max-Age=0; Path=/; Domain=.google.com'], app)
    expect(store.cookieHeader(generate)).not.toContain('NID=')
    store.merge(['SHORT=s; Max-Age=1; Path=/; Domain=.google.com'], app)
    expect(store.cookieHeader(generate)).toContain('SHORT=s')
    await Bun.sleep(1100)
    expect(store.cookieHeader(generate)).not.toContain('SHORT=')
  })

  it('a refresh after the cookie was deleted adds it back (not a value-only change)', () => {
    const store = seeded()
    store.merge([`SIDCC=a; Expires=${inOneYear()}; Path=/; Domain=.google.com`], app)
    store.cookieHeader(generate)
    store.merge(['SIDCC=; Max-Age=0; Path=/; Domain=.google.com'], app)
    expect(store.cookieHeader(generate)).not.toContain('SIDCC=')
    store.merge([`SIDCC=b; Expires=${inOneYear()}; Path=/; Domain=.google.com`], app)
    expect(store.cookieHeader(generate)).toContain('SIDCC=b')
  })

  it('operator changes and a replaced jar are seen at once; a name filter has its own entry', () => {
    const store = seeded()
    expect(store.cookieHeader(generate)).toContain('__Secure-1PSID=psid')
    store.setNamed('__Secure-1PSID', 'new-psid')
    expect(store.cookieHeader(generate)).toContain('__Secure-1PSID=new-psid')
    expect(store.cookieHeader(generate, ['__Secure-1PSIDTS'])).toBe('__Secure-1PSIDTS=sidts')
    store.replaceWith({ OTHER: 'o' })
    expect(store.cookieHeader(generate)).toBe('OTHER=o')
    expect(store.replaceWithCookies([{ name: 'ONLY', value: 'x', domain: '.google.com', path: '/', secure: true, httpOnly: true, expiresAt: null }])).toBe(true)
    expect(store.cookieHeader(generate)).toBe('ONLY=x')
  })
})
