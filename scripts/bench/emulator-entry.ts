/**
 * Runs the emulator of Google's endpoints as a benchmark process:
 * `bun run scripts/bench/emulator-entry.ts [frameDelayMs] [textFrames]`. Zero-delay when no
 * arguments are given; paced mode otherwise.
 */

import { startEmulator, type EmulatorOptions } from '../../src/demo/emulator/index.ts'

const [delayArgument, framesArgument] = process.argv.slice(2)
const options: EmulatorOptions = { port: 0 }
if (delayArgument !== undefined) options.frameDelayMs = Number(delayArgument)
if (framesArgument !== undefined) options.textFrames = Number(framesArgument)
const emulator = await startEmulator(options)
console.log(JSON.stringify({ ready: true, origin: emulator.origin }))
const stop = () => void emulator.stop().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
