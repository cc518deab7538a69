/**
 * The status page as HTML, rendered on the server from a StatusSnapshot: readable without
 * JavaScript, every value escaped, no external resource. Sections marked `data-live` are the
 * ones the page's script refreshes in place.
 */

import type { Tone } from '../account-state.ts'
import type { StatusSnapshot } from './collect-status.ts'
import { runStatusPage } from './page-script.ts'
import { pageStyle } from './page-style.ts'

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character]!)
}

/** Tagged template: interpolated values are escaped unless they are already-rendered Html. */
class Html {
  constructor(readonly text: string) {}
}

function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0]!
  values.forEach((value, index) => {
    const rendered = Array.isArray(value) ? value.map((item) => (item instanceof Html ? item.text : escapeHtml(String(item)))).join('') : value instanceof Html ? value.text : value === null || value === undefined || value === false ? '' : escapeHtml(String(value))
    text += rendered + strings[index + 1]!
  })
  return new Html(text)
}

function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  if (days > 0) return `${days} d ${hours} h`
  if (hours > 0) return `${hours} h ${minutes} min`
  if (minutes > 0) return `${minutes} min`
  return `${seconds} s`
}

const pill = (tone: Tone, text: string) => html`<span class="pill ${tone}">${text}</span>`

function renderSummary(status: StatusSnapshot): Html {
  const tone: Tone = status.ready ? 'good' : 'bad'
  const readiness = status.ready ? `ready: ${status.readyAccounts} of ${status.accountCount} account${status.accountCount === 1 ? '' : 's'} can answer` : status.accountCount === 0 ? 'not ready: no account configured' : 'not ready: no account can answer now'
  return html`<section id="summary" data-live class="panel">
    <p>${pill(tone, status.ready ? 'Ready' : 'Not ready')} <span data-testid="readiness">${readiness}</span></p>
    <dl>
      <dt>Version</dt><dd>${status.version}</dd>
      <dt>Uptime</dt><dd>${formatDuration(status.uptimeSeconds)}</dd>
      <dt>Formats</dt><dd>${status.formats.join(', ')}</dd>
      <dt>Limits</dt><dd>${status.limits} <span class="muted">(${status.limitStore})</span></dd>
      <dt>API keys</dt><dd>${status.apiKeysRequired ? 'required' : 'not required (open access)'}</dd>
    </dl>
  </section>`
}

function renderAccounts(status: StatusSnapshot): Html {
  const operator = status.operator
  if (!operator) {
    return html`<section id="accounts" class="panel"><h2>Accounts</h2>
      <p class="muted">Account details are for the operator: <a href="/?operator=1">sign in with the admin key</a> (or open this page on the server itself when no admin key is set).</p></section>`
  }
  if (operator.accounts.length === 0) {
    return html`<section id="accounts" data-live class="panel"><h2>Accounts</h2><p>${pill('bad', 'none configured')} Set GEMINI_1PSID and GEMINI_1PSIDTS, or accounts[] in the config file.</p></section>`
  }
  const rows = operator.accounts.map(
    (account) => html`<tr data-account="${account.id}" data-tone="${account.tone}">
      <td><strong>${account.id}</strong></td>
      <td>${pill(account.tone, account.state)}${account.detail ? html` <span class="muted">${account.detail}</span>` : ''}${account.fix ? html`<br><small>Fix: ${account.fix}</small>` : ''}</td>
      <td><dl>${account.fields.map((entry) => html`<dt>${entry.label}</dt><dd>${entry.value}</dd>`)}</dl></td>
    </tr>`,
  )
  return html`<section id="accounts" data-live class="panel"><h2>Accounts</h2>
    <table><thead><tr><th>Account</th><th>State</th><th>Details</th></tr></thead><tbody>${rows}</tbody></table></section>`
}

function renderModels(status: StatusSnapshot): Html {
  const anyDiscovery = status.models.some((model) => model.discovered !== null)
  const rows = status.models.map(
    (model) => html`<tr><td><code>${model.id}</code></td><td>${model.displayName}</td><td>${model.kind}</td><td>${model.upstream}</td>${anyDiscovery ? html`<td>${model.discovered ? pill('good', 'offered') : pill('warn', 'not offered')}</td>` : ''}</tr>`,
  )
  return html`<section id="models" class="panel"><h2>Models</h2>
    <p class="muted">Configured: the built-in table with the config's rows. ${anyDiscovery ? 'Discovered: what the accounts report they are offered upstream.' : 'No account reports discovered models.'}</p>
    <table><thead><tr><th>Id</th><th>Name</th><th>Kind</th><th>Upstream</th>${anyDiscovery ? html`<th>Discovered</th>` : ''}</tr></thead><tbody>${rows}</tbody></table></section>`
}

function renderActivity(status: StatusSnapshot): Html {
  const operator = status.operator
  if (!operator) return html``
  const { usage } = operator
  const window = operator.windowSeconds === 3600 ? 'last hour' : `last ${operator.windowSeconds} s`
  const clients = usage.clients.map((entry) => html`<tr><td><code>${entry.client}</code></td><td>${entry.requests}${operator.requestsPerWindow > 0 ? ` of ${operator.requestsPerWindow}` : ''}</td></tr>`)
  const counts = operator.errorCounts.map((entry) => html`<tr><td><code>${entry.kind}</code></td><td>${entry.count}</td></tr>`)
  const recent = operator.recentErrors.map((error) => html`<tr><td>${error.at.slice(11, 19)}</td><td>${error.status}</td><td><code>${error.kind}</code></td><td><code>${error.path}</code> ${error.message}</td></tr>`)
  return html`<div class="grid">
    <section id="usage" data-live class="panel"><h2>Usage (${window})</h2>
      <p>${usage.admitted} generation request${usage.admitted === 1 ? '' : 's'} admitted, ${usage.refused} refused by the limits.</p>
      ${clients.length > 0 ? html`<table><thead><tr><th>Client</th><th>Requests</th></tr></thead><tbody>${clients}</tbody></table>` : ''}
    </section>
    <section id="errors" data-live class="panel"><h2>Errors since start</h2>
      ${counts.length > 0 ? html`<table><thead><tr><th>Kind</th><th>Count</th></tr></thead><tbody>${counts}</tbody></table>` : html`<p class="muted">None.</p>`}
    </section>
  </div>
  <section id="recent-errors" data-live class="panel"><h2>Recent errors</h2>
    ${recent.length > 0 ? html`<table><thead><tr><th>Time (UTC)</th><th>Status</th><th>Kind</th><th>Request and message</th></tr></thead><tbody>${recent}</tbody></table>` : html`<p class="muted">None.</p>`}
  </section>`
}

/** Formats the playground can drive (their request shapes live in page-script.ts). */
const playgroundFormats: Array<{ id: string; label: string }> = [
  { id: 'openai', label: 'OpenAI chat completions' },
  { id: 'gemini', label: 'Gemini generateContent' },
  { id: 'openai-responses', label: 'OpenAI Responses' },
  { id: 'anthropic', label: 'Anthropic Messages' },
]

function renderPlayground(status: StatusSnapshot): Html {
  const formats = playgroundFormats.filter((format) => status.formats.includes(format.id))
  return html`<section id="playground-section" class="panel"><h2>Playground</h2>
    <noscript><p class="muted">The playground needs JavaScript; the README's curl examples work without it.</p></noscript>
    <form id="playground">
      <div class="row">
        <label>Model<select name="model">${status.models.map((model) => html`<option value="${model.id}" data-kind="${model.kind}">${model.id} (${model.kind})</option>`)}</select></label>
        <label>Format<select name="format">${formats.map((format) => html`<option value="${format.id}">${format.label}</option>`)}</select></label>
        ${status.apiKeysRequired ? html`<label>API key<input name="key" type="password" autocomplete="off" placeholder="one of API_KEYS"></label>` : ''}
      </div>
      <label>Prompt<textarea name="prompt" required>Count to five</textarea></label>
      <div class="row"><button type="submit">Send</button> <span id="playground-state" class="muted" role="status"></span></div>
    </form>
    <pre id="answer" aria-live="polite"></pre>
    <div id="images"></div>
  </section>`
}

export function renderStatusPage(status: StatusSnapshot, nonce: string): string {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${status.name} status</title>
<style nonce="${nonce}">${new Html(pageStyle)}</style>
</head>
<body>
<main>
  <header><h1>${status.name}</h1><span class="muted">${status.version}</span>${status.demo ? html` ${pill('warn', 'demo: answers come from the built-in emulator, not from Google')}` : ''}${status.operator ? html` <span class="muted">operator view</span>` : ''}</header>
  ${renderSummary(status)}
  ${renderAccounts(status)}
  ${renderActivity(status)}
  ${renderPlayground(status)}
  ${renderModels(status)}
  <footer class="muted">JSON: <a href="/health">/health</a> · <a href="/ready">/ready</a> · <a href="/api/info">/api/info</a> · <a href="/api/models">/api/models</a>${status.operator ? html` · <a href="/api/cookies/status">/api/cookies/status</a> · <a href="/metrics">/metrics</a>` : ''}</footer>
</main>
<script nonce="${nonce}">(${new Html(runStatusPage.toString().replaceAll("</", "<\\/"))})()</script>
</body>
</html>
`
  return page.text
}
