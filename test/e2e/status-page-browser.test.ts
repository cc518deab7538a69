/**
 * The status page in a real browser: Debian's Chromium (/usr/bin/chromium, installed by
 * .ci/run) driven by playwright-core, against `--demo` started as a user starts it. The page
 * loads, shows the demo account ready, the playground streams an answer and shows a generated
 * image, and without JavaScript the server-rendered page still says all of it.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts'

const chromiumPath = '/usr/bin/chromium'
let gateway: GatewayProcess
let browser: Browser

beforeAll(async () => {
  // A missing browser must fail the suite, not skip it: .ci/run installs Debian's chromium.
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (.ci/run does)`)
  gateway = await startGatewayProcess(['--demo'], { LOG_LEVEL: 'warn' })
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright-core gives the browser a new empty profile folder of its own.
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await gateway?.stop()
})

/** Fills the playground, sends, and waits (bounded) until it says done. */
async function sendPrompt(page: Page, input: { model: string; format: string; prompt: string }): Promise<void> {
  await page.selectOption('select[name=model]', input.model)
  await page.selectOption('select[name=format]', input.format)
  await page.fill('textarea[name=prompt]', input.prompt)
  await page.click('#playground button[type=submit]')
  await page.waitForFunction(() => ['done', 'failed'].includes(document.getElementById('playground-state')?.textContent ?? ''), undefined, { timeout: 30_000 })
  expect(await page.locator('#playground-state').textContent()).toBe('done')
}

describe('status page in Chromium', () => {
  it('loads and shows the demo account ready', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    const response = await page.goto(`${gateway.origin}/`)
    expect(response?.status()).toBe(200)
    expect(await page.title()).toBe('gemini-reverse status')
    expect(await page.getByTestId('readiness').textContent()).toBe('ready: 1 of 1 account can answer')
    const account = page.locator('tr[data-account="demo"]')
    expect(await account.getAttribute('data-tone')).toBe('good')
    expect(await account.locator('.pill').textContent()).toBe('ready')
    expect(await page.locator('header').textContent()).toContain('demo: answers come from the built-in emulator')
    expect(errors).toEqual([])
    await page.close()
  })

  it('streams a chat answer in the playground, through the OpenAI, Gemini and Anthropic formats', async () => {
    const page = await browser.newPage()
    await page.goto(`${gateway.origin}/`)
    await sendPrompt(page, { model: 'gemini-2.5-flash', format: 'openai', prompt: 'Count to five' })
    expect(await page.locator('#answer').textContent()).toBe('1, 2, 3, 4, 5.')
    await sendPrompt(page, { model: 'gemini-2.5-flash', format: 'gemini', prompt: 'What is 6*7?' })
    expect(await page.locator('#answer').textContent()).toBe('6 × 7 = 42.')
    await sendPrompt(page, { model: 'gemini-2.5-flash', format: 'anthropic', prompt: 'Count to five' })
    expect(await page.locator('#answer').textContent()).toBe('1, 2, 3, 4, 5.')
    await page.close()
  })

  it('generates an image and shows it', async () => {
    const page = await browser.newPage()
    await page.goto(`${gateway.origin}/`)
    await sendPrompt(page, { model: 'gemini-2.5-flash-image', format: 'openai', prompt: 'a cat' })
    const width = await page.locator('#images img').evaluate((image: HTMLImageElement) => (image.complete ? image.naturalWidth : 0))
    expect(width).toBeGreaterThan(0)
    await page.close()
  })

  it('says the same without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${gateway.origin}/`)
    expect(await page.getByTestId('readiness').textContent()).toBe('ready: 1 of 1 account can answer')
    expect(await page.locator('tr[data-account="demo"] .pill').textContent()).toBe('ready')
    expect(await page.locator('#models tbody tr').count()).toBe(7)
    await context.close()
  })
})
