/**
 * Builds the single executable dist/gemini-reverse with `bun build --compile` (minified, version
 * baked in), then smoke-runs it: start on an ephemeral port, GET /health, stop with SIGTERM.
 * `--no-smoke` skips the run (cross-compiles cannot run here).
 */

import packageJson from '../package.json' with { type: 'json' }

const outfile = 'dist/gemini-reverse'
const version = process.env.BUILD_VERSION ?? packageJson.version
const target = process.env.BUILD_TARGET

const build = Bun.spawnSync(
  [
    process.execPath,
    'build',
    '--compile',
    '--minify',
    '--sourcemap',
    ...(target ? [`--target=${target}`] : []),
    `--define=BUILD_VERSION=${JSON.stringify(version)}`,
    '--outfile',
    outfile,
    'src/main.ts',
  ],
  { stdout: 'inherit', stderr: 'inherit' },
)
if (build.exitCode !== 0) {
  console.error('build failed')
  process.exit(build.exitCode ?? 1)
}
console.log(`built ${outfile} (${version})`)

if (!process.argv.includes('--no-smoke') && !target) {
  const { smokeTestBinary } = await import('./smoke-test-binary.ts')
  await smokeTestBinary(outfile, version)
}
