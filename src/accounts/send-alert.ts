/**
 * Tells the operator about account events: a log line always, and a JSON POST to
 * `alerts.webhookUrl` when one is set (a chat bot, a paging service). The body carries the event
 * and a `text` sentence, which chat webhooks (Slack-style `text`) show as is. A webhook that is
 * down is tried twice and then only logged: alerts must never slow or fail a request.
 */

import type { Logger } from '../lib/logger.ts'
import type { AccountEvent } from './account-event.ts'


export function describeAlert(event: AccountEvent): string {
  if (event.type === 'pool') {
    return event.ready ? `gemini-reverse: an account is ready again (${event.readyAccounts} of ${event.accounts})` : `gemini-reverse: no account can serve requests (0 of ${event.accounts} ready)`
  }
  if (event.type === 'keeper') {
    const what = event.state === 'restarting' ? 'is restarting its browser' : event.state === 'failed' ? 'has given up' : `is ${event.state}`
    return `gemini-reverse: the browser keeper of account ${event.account} ${what}${event.detail ? ` (${event.detail})` : ''}`
  }
  if (event.to === 'ready') return `gemini-reverse: account ${event.account} is ready again`
  return `gemini-reverse: account ${event.account} is ${event.to}${event.detail ? ` (${event.detail})` : ''}${event.fix ? `. ${event.fix}` : ''}`
}

export type AlertSenderOptions = { webhookUrl: string | null; timeoutSeconds: number; logger: Logger; fetch?: typeof fetch }

export function createAlertSender(options: AlertSenderOptions): (event: AccountEvent) => void {
  const send = options.fetch ?? fetch
  const post = async (body: string): Promise<void> => {
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const response = await send(options.webhookUrl as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(options.timeoutSeconds * 1000) })
        await response.body?.cancel()
        if (response.ok) return
        options.logger.warn('alert webhook refused the alert', { status: response.status, attempt })
      } catch (error) {
        options.logger.warn('alert webhook unreachable', { error, attempt })
      }
      if (attempt < 2) await Bun.sleep(2000)
    }
  }
  return (event) => {
    const text = describeAlert(event)
    const bad = (event.type === 'pool' && !event.ready) || (event.type === 'account-state' && event.to !== 'ready') || (event.type === 'keeper' && (event.state === 'restarting' || event.state === 'failed'))
    if (bad) options.logger.warn('account alert', { ...event, text })
    else options.logger.info('account alert', { ...event, text })
    if (options.webhookUrl) void post(JSON.stringify({ source: 'gemini-reverse', text, ...event }))
  }
}
