/**
 * The status page's only JavaScript, written as a typed function and sent as its source text
 * (so it is type-checked like the rest, and needs no build step). It refreshes the live sections
 * every 10 s while the tab is visible, and runs the playground: a streamed chat answer through
 * the chosen format (fetch + Server-Sent Events parsing), or a generated image shown inline.
 * The page works without it: everything else is rendered on the server.
 */

export function runStatusPage(): void {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null

  async function refreshLiveSections(): Promise<void> {
    if (document.hidden) return
    try {
      const response = await fetch(location.pathname + location.search, { headers: { accept: 'text/html' }, cache: 'no-store' })
      if (!response.ok) return
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html')
      for (const section of Array.from(document.querySelectorAll<HTMLElement>('[data-live]'))) {
        const replacement = fresh.getElementById(section.id)
        if (replacement) section.innerHTML = replacement.innerHTML
      }
    } catch {
      // The next tick tries again; a restarting server is not an error worth showing.
    }
  }
  setInterval(() => void refreshLiveSections(), 10_000)

  const form = byId<HTMLFormElement>('playground')
  const answer = byId<HTMLPreElement>('answer')
  const images = byId<HTMLDivElement>('images')
  const state = byId<HTMLSpanElement>('playground-state')
  if (!form || !answer || !images || !state) return
  const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null)?.value ?? ''

  /** Text of one streamed event, per format. */
  function readDelta(format: string, event: Record<string, any>): string {
    if (format === 'openai') return event.choices?.[0]?.delta?.content ?? ''
    if (format === 'openai-responses') return event.type === 'response.output_text.delta' ? (event.delta ?? '') : ''
    if (format === 'anthropic') return event.type === 'content_block_delta' && event.delta?.type === 'text_delta' ? (event.delta.text ?? '') : ''
    if (format === 'gemini') {
      const parts: Array<Record<string, any>> = event.candidates?.[0]?.content?.parts ?? []
      return parts.filter((part) => typeof part.text === 'string' && !part.thought).map((part) => part.text).join('')
    }
    return ''
  }

  function requestFor(format: string, model: string, prompt: string, image: boolean): { url: string; body: unknown; streamed: boolean } {
    if (image && format === 'gemini') return { url: `/gemini/v1beta/models/${encodeURIComponent(model)}:generateContent`, body: { contents: [{ parts: [{ text: prompt }] }] }, streamed: false }
    if (image) return { url: '/v1/images/generations', body: { model, prompt, response_format: 'b64_json' }, streamed: false }
    if (format === 'gemini') return { url: `/gemini/v1beta/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`, body: { contents: [{ parts: [{ text: prompt }] }] }, streamed: true }
    if (format === 'openai-responses') return { url: '/v1/responses', body: { model, input: prompt, stream: true, store: false }, streamed: true }
    if (format === 'anthropic') return { url: '/v1/messages', body: { model, max_tokens: 1024, stream: true, messages: [{ role: 'user', content: prompt }] }, streamed: true }
    return { url: '/v1/chat/completions', body: { model, stream: true, messages: [{ role: 'user', content: prompt }] }, streamed: true }
  }

  function showImage(mimeType: string, data: string): void {
    const picture = document.createElement('img')
    picture.src = `data:${mimeType};base64,${data}`
    picture.alt = 'generated image'
    images!.append(picture)
  }

  async function readStream(response: Response, format: string): Promise<void> {
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let buffered = ''
    for (let chunks = 0; chunks < 1_000_000; chunks++) {
      const { value, done } = await reader.read()
      buffered += decoder.decode(value, { stream: !done }).replace(/\r\n/g, '\n')
      let boundary = buffered.indexOf('\n\n')
      while (boundary >= 0) {
        const block = buffered.slice(0, boundary)
        buffered = buffered.slice(boundary + 2)
        boundary = buffered.indexOf('\n\n')
        const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n')
        if (data === '' || data === '[DONE]') continue
        const event = JSON.parse(data) as Record<string, any>
        if (event.error) throw new Error(event.error.message ?? JSON.stringify(event.error))
        answer!.textContent += readDelta(format, event)
      }
      if (done) return
    }
  }

  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault()
    const button = form.querySelector('button')
    const model = field('model')
    const format = field('format')
    const key = field('key')
    const image = form.querySelector<HTMLOptionElement>(`option[value="${CSS.escape(model)}"]`)?.dataset.kind === 'image'
    const request = requestFor(format, model, field('prompt'), image)
    answer.textContent = ''
    images.replaceChildren()
    state.textContent = image ? 'generating the image…' : 'streaming…'
    if (button) button.disabled = true
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (key) headers.authorization = `Bearer ${key}`
    void (async () => {
      try {
        const response = await fetch(request.url, { method: 'POST', headers, body: JSON.stringify(request.body) })
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as Record<string, any>
          const error = Array.isArray(body) ? body[0]?.error : body.error
          throw new Error(`${response.status}: ${error?.message ?? body.detail ?? response.statusText}`)
        }
        if (request.streamed) await readStream(response, format)
        else {
          const body = (await response.json()) as Record<string, any>
          for (const item of body.data ?? []) if (item.b64_json) showImage('image/png', item.b64_json)
          for (const part of body.candidates?.[0]?.content?.parts ?? []) {
            if (part.inlineData) showImage(part.inlineData.mimeType, part.inlineData.data)
            else if (part.text && !part.thought) answer.textContent += part.text
          }
        }
        state.textContent = 'done'
      } catch (error) {
        state.textContent = 'failed'
        answer.textContent += `\n${(error as Error).message}`
      } finally {
        if (button) button.disabled = false
      }
    })()
  })
}
