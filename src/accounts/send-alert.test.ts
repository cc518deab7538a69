import { describe, expect, it } from 'bun:test'
import { createLogger } from '../lib/logger.ts'
import { createAlertSender, describeAlert } from './send-alert.ts'

const at = '2026-12-05T03:00:00.000Z'

describe('describeAlert', () => {
  it('says what happened to an account, with the fix', () => {
    expect(describeAlert({ type: 'account-state', account: 'work', from: 'ready', to: 'device-bound', detail: 'RotateCookies answers 401', fix: 'Export from Firefox.', at })).toBe('gemini-reverse: account work is device-bound (RotateCookies answers 401). Export from Firefox.')
    expect(describeAlert({ type: 'account-state', account: 'work', from: 'signed-out', to: 'ready', detail: null, fix: null, at })).toBe('gemini-reverse: account work is ready again')
    expect(describeAlert({ type: 'pool', ready: false, readyAccounts: 0, accounts: 2, at })).toBe('gemini-reverse: no account can serve requests (0 of 2 ready)')
  })

  it('says when a browser keeper loses its browser, and when it runs again', () => {
    expect(describeAlert({ type: 'keeper', account: 'work', state: 'restarting', detail: 'the browser exited (code signal); starting again in 5 s', at })).toBe('gemini-reverse: the browser keeper of account work is restarting its browser (the browser exited (code signal); starting again in 5 s)')
    expect(describeAlert({ type: 'keeper', account: 'work', state: 'running', detail: null, at })).toBe('gemini-reverse: the browser keeper of account work is running')
  })
})

describe('createAlertSender', () => {
  it('posts the event with its text to the webhook and logs a keeper failure as a warning', async () => {
    const posted: unknown[] = []
    const logged: string[] = []
    const send = createAlertSender({
      webhookUrl: 'http://127.0.0.1:9/hook',
      timeoutSeconds: 1,
      logger: createLogger({ level: 'info', sink: (line) => logged.push(line) }),
      fetch: (async (_url: string, init: RequestInit) => {
        posted.push(JSON.parse(String(init.body)))
        return new Response('ok')
      }) as unknown as typeof fetch,
    })
    send({ type: 'keeper', account: 'work', state: 'failed', detail: 'gave up', at })
    for (let wait = 0; wait < 20 && posted.length === 0; wait++) await Bun.sleep(5)
    expect(posted).toEqual([{ source: 'gemini-reverse', text: 'gemini-reverse: the browser keeper of account work has given up (gave up)', type: 'keeper', account: 'work', state: 'failed', detail: 'gave up', at }])
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: 'warn', message: 'account alert', account: 'work' })
  })
})
