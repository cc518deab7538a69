import { describe, expect, it, setSystemTime } from 'bun:test'
import { CookieJar } from 'tough-cookie'
import { createRandom } from '../../../test/helpers/create-random.ts'
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


describe('CookieStore Cookie header cache against tough-cookie', () => {
  it('sends what a plain jar fed the same Set-Cookie headers would send (seeded sequences)', () => {
    const urls = ['https://gemini.google.com/app', generate, 'https://gemini.google.com/_/BardChatUi/data/batchexecute?rpcids=x', 'https://accounts.google.com/RotateCookies', 'https://www.google.com/']
    const seeds = Number(process.env.COOKIE_SEEDS ?? 2000)
    const start = Date.UTC(2026, 11, 5)
    try {
      for (let seed = 1; seed <= seeds; seed++) {
        const random = createRandom(seed)
        const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
        let now = start
        setSystemTime(new Date(now))
        const store = new CookieStore('/nonexistent/never-written.json')
        const reference = new CookieJar(undefined, { looseMode: true, prefixSecurity: 'unsafe-disabled', allowSpecialUseDomain: true })
        for (let step = 0; step < 30; step++) {
          const roll = random()
          if (roll < 0.55) {
            const attributes = [pick(['Path=/', 'Path=/app', 'Path=/_/BardChatUi', '']), pick(['Domain=.google.com', '']), pick(['Secure', '']), `Expires=${new Date(now + pick([-60, 2, 5, 3600]) * 1000).toUTCString()}`].filter(Boolean)
            const header = `${pick(['SIDCC', 'A', '__Secure-1PSIDCC'])}=v${seed}-${step}; ${attributes.join('; ')}`
            const url = pick(urls)
            store.merge([header], url)
            reference.setCookieSync(header, url, { ignoreError: true })
          } else if (roll < 0.65) {
            now += pick([1000, 3000, 10_000])
            setSystemTime(new Date(now))
          } else {
            const url = pick(urls)
            const expected = reference.getCookiesSync(url).map((cookie) => `${cookie.key}=${cookie.value}`).join('; ')
            if (store.cookieHeader(url) !== expected) throw new Error(`seed ${seed} step ${step}: ${url} sent "${store.cookieHeader(url)}", a plain jar "${expected}"`)
          }
        }
      }
    } finally {
      setSystemTime()
    }
  })
})
