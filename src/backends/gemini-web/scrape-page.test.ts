import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { defaultProtocolData as protocol } from './protocol-data.ts'
import { scrapePage } from './scrape-page.ts'
import { fixturePath } from '../../../test/fixtures/fixture-path.ts'

const directory = `${fixturePath('app-page')}/`
const read = (name: string) => readFileSync(directory + name, 'utf8')

describe('app page scraping', () => {
  test('signed-in page: every token', () => {
    const page = scrapePage(read('wiz-global-data-signed-in-ru-2026-08.txt'), protocol)
    expect(page.signedIn).toBe(true)
    expect(page.xsrf?.startsWith('x'.repeat(28) + ':')).toBe(true)
    expect(page.buildLabel).toBe('boq_assistant-bard-web-server_20260806.17_p0')
    expect(page.sessionId).toMatch(/^-?1234567890123456789$/)
    expect(page.language).toBe('ru')
    expect(page.pushId?.startsWith('feeds/')).toBe(true)
  })

  for (const name of ['wiz-global-data-signed-out-en-2026-08-b.txt', 'wiz-global-data-signed-out-en-2026-08-c.txt', 'signed-out-2026-08.reduced.html']) {
    test(`signed-out page ${name}`, () => {
      const page = scrapePage(read(name), protocol)
      expect(page.signedIn).toBe(false)
      expect(page.xsrf).toBeUndefined()
    })
  }

  test('the reduced signed-out page still gives the build label', () => {
    expect(scrapePage(read('signed-out-2026-08.reduced.html'), protocol).buildLabel).toBe('boq_assistant-bard-web-server_20260806.17_p0')
  })

  test('escaped fragment: build label, no sign-in evidence', () => {
    const page = scrapePage(read('wiz-fragment-2026-09.elided.txt'), protocol)
    expect(page.buildLabel).toBe('boq_assistant-bard-web-server_20260929.03_p0')
    expect(page.signedIn).toBe(false)
  })

  test('a page without any WIZ data is signed out', () => {
    expect(scrapePage('<html></html>', protocol)).toEqual({ signedIn: false })
  })
})
