/**
 * Runs the emulator as a process: `npm run emulator -- --port N [options]`. Prints the origin and
 * keeps serving until SIGINT/SIGTERM. Point the gateway at it with GEMINI_UPSTREAM=<origin>.
 */

import { startEmulator, type EmulatorOptions } from './index.ts'

const usage = `Gemini web emulator (loopback only)

Usage: npm run emulator -- [options]

Options:
  --port N                  port on 127.0.0.1 (default 0 = ephemeral)
  --frame-delay-ms N        delay between stream frames (default 0 = zero-delay mode)
  --text-frames N           paced-stream mode: exactly N cumulative text frames per answer
  --original-image-side N   longest side of =s0 images (default 2048)
  --xsrf MODE               required | optional | absent-from-page (default required)
  --accepted-psid VALUE     only this __Secure-1PSID counts as signed in (default: any)
  --tier free|paid          the emulated account's tier (its model ids and otAQ7b flags; default free)
  --renamed-models          offer model ids no client table knows (discovery must find them)
  --rotation-bodies MODE    both (default), legacy-only or json-only: the RotateCookies bodies understood
  --help                    show this text
`

function readNumber(name: string, value: string | undefined): number {
  const number = Number(value)
  if (value === undefined || !Number.isFinite(number) || number < 0) throw new Error(`${name} needs a non-negative number`)
  return number
}

export function parseArguments(argv: readonly string[]): EmulatorOptions | 'help' {
  const options: EmulatorOptions = {}
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string
    const [flag, inline] = argument.includes('=') ? (argument.split(/=(.*)/s, 2) as [string, string]) : [argument, undefined]
    const value = (): string | undefined => inline ?? argv[++index]
    switch (flag) {
      case '--help':
      case '-h':
        return 'help'
      case '--port':
        options.port = readNumber(flag, value())
        break
      case '--frame-delay-ms':
        options.frameDelayMs = readNumber(flag, value())
        break
      case '--text-frames':
        options.textFrames = readNumber(flag, value())
        break
      case '--original-image-side':
        options.originalImageSide = readNumber(flag, value())
        break
      case '--xsrf': {
        const mode = value()
        if (mode !== 'required' && mode !== 'optional' && mode !== 'absent-from-page') throw new Error('--xsrf must be required, optional or absent-from-page')
        options.xsrf = mode
        break
      }
      case '--rotation-bodies': {
        const accepted = value()
        if (accepted !== 'both' && accepted !== 'legacy-only' && accepted !== 'json-only') throw new Error('--rotation-bodies must be both, legacy-only or json-only')
        options.rotationBodies = accepted
        break
      }
      case '--tier': {
        const tier = value()
        if (tier !== 'free' && tier !== 'paid') throw new Error('--tier must be free or paid')
        options.tier = tier
        break
      }
      case '--renamed-models':
        options.modelGeneration = 'renamed'
        break
      case '--accepted-psid': {
        const psid = value()
        if (psid === undefined || psid === '') throw new Error('--accepted-psid needs a value')
        options.acceptedPsid = psid
        break
      }
      default:
        throw new Error(`unknown option ${argument} (see --help)`)
    }
  }
  return options
}

if (import.meta.main) {
  let parsed: EmulatorOptions | 'help'
  try {
    parsed = parseArguments(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(2)
  }
  if (parsed === 'help') {
    console.log(usage)
    process.exit(0)
  }
  const emulator = await startEmulator(parsed)
  console.log(`Gemini web emulator listening on ${emulator.origin}`)
  const shutdown = async (): Promise<void> => {
    await emulator.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}
