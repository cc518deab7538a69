/**
 * Runs a coding agent's CLI headless for a contract test: in a workspace, with only the
 * environment the test gives it (plus PATH, HOME and TMPDIR), no standard input, and a kill timer,
 * so a CLI that retries a dead endpoint for minutes cannot hang the suite.
 */

export type CliRun = { exitCode: number; stdout: string; stderr: string }

export async function runHeadlessCli(command: string[], options: { workspace: string; home: string; env: Record<string, string>; timeoutMs: number }): Promise<CliRun> {
  const child = Bun.spawn(command, {
    cwd: options.workspace,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home, TMPDIR: options.workspace, NO_COLOR: '1', ...options.env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const timer = setTimeout(() => child.kill(), options.timeoutMs)
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  clearTimeout(timer)
  return { exitCode, stdout, stderr }
}
