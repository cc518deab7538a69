/**
 * For test files that share one emulator: starts it before the file's tests, stops it after,
 * and clears every fault between tests so no test inherits another's failure mode.
 */

import { afterAll, beforeAll, beforeEach } from 'bun:test'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/demo/emulator/index.ts'

export function useEmulator(options?: EmulatorOptions): () => Emulator {
  let emulator: Emulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator(options)
  })
  afterAll(async () => {
    await emulator?.stop()
  })
  beforeEach(() => {
    emulator?.faults.clear()
  })
  return () => {
    if (!emulator) throw new Error('The emulator starts in beforeAll; use it inside tests')
    return emulator
  }
}
