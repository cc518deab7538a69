/**
 * Runs the compiled binary on an ephemeral port and checks it answers /health, / (the status
 * page), /metrics, --healthcheck and --version,
 * then stops it with SIGTERM and expects a clean exit. Catches import and asset problems that
 * only show after `bun build --compile`.
 */

export async function smokeTestBinary(binary: string, expectedVersion: string): Promise<void> {
  const versionRun = Bun.spawnSync([binary, '--version'])
  const printed = versionRun.stdout.toString().trim()
  if (!printed.endsWith(expectedVersion)) throw new Error(`--version printed "${printed}", expected ${expectedVersion}`)

  const dataDir = `${process.env.TMPDIR ?? '/tmp'}/gemini-reverse-smoke-${process.pid}`
  const child = Bun.spawn([binary, '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
    stdout: 'pipe',
    stderr: 'inherit',
    env: { ...process.env, LOG_LEVEL: 'info', GEMINI_1PSID: '', GEMINI_1PSIDTS: '' },
  })
  try {
    const origin = await readListeningOrigin(child.stdout)
    const response = await fetch(`${origin}/health`)
    const body = (await response.json()) as { status?: string }
    if (response.status !== 200 || body.status !== 'ok') throw new Error(`/health answered ${response.status} ${JSON.stringify(body)}`)
    console.log(`smoke test: ${origin}/health -> ${JSON.stringify(body)}`)
    // The status page and /metrics carry assets and a library that only a compiled build can lose.
    const page = await fetch(`${origin}/`)
    const html = await page.text()
    if (page.status !== 200 || !html.includes('<form id="playground">') || !/<script nonce="[0-9a-f]+">\(/.test(html)) throw new Error(`GET / answered ${page.status} without the status page`)
    const metrics = await fetch(`${origin}/metrics`)
    if (metrics.status !== 200 || !(await metrics.text()).includes('gemini_reverse_build_info')) throw new Error(`GET /metrics answered ${metrics.status}`)
    const healthcheck = Bun.spawnSync([binary, '--healthcheck'], { env: { ...process.env, PORT: new URL(origin).port, HOST: '127.0.0.1' } })
    if (healthcheck.exitCode !== 0) throw new Error(`--healthcheck exited ${healthcheck.exitCode}: ${healthcheck.stdout.toString()}`)
    console.log('smoke test: / (status page), /metrics and --healthcheck answer')
  } finally {
    child.kill('SIGTERM')
  }
  const exitCode = await Promise.race([child.exited, Bun.sleep(10_000).then(() => 'timeout' as const)])
  if (exitCode === 'timeout') {
    child.kill('SIGKILL')
    throw new Error('the binary did not stop within 10 s of SIGTERM')
  }
  if (exitCode !== 0) throw new Error(`the binary exited with ${exitCode} after SIGTERM`)
  console.log('smoke test: stopped cleanly on SIGTERM')
}

async function readListeningOrigin(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const { value, done } = await reader.read()
    if (done) break
    buffered += decoder.decode(value, { stream: true })
    const match = buffered.match(/"message":"listening","url":"(http:\/\/[^"]+)"/)
    if (match) {
      reader.releaseLock()
      return match[1]!
    }
  }
  throw new Error(`the binary did not report listening; output so far:\n${buffered}`)
}
