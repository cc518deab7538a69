import { describe, expect, it } from 'bun:test'
import { raceAbort } from './race-abort.ts'

describe('raceAbort', () => {
  it('settles like the promise when the signal stays quiet', async () => {
    const controller = new AbortController()
    expect(await raceAbort(Promise.resolve(7), controller.signal)).toBe(7)
    await expect(raceAbort(Promise.reject(new Error('boom')), controller.signal)).rejects.toThrow('boom')
  })

  it('rejects with the abort reason when the signal aborts first, or was aborted already', async () => {
    const controller = new AbortController()
    const racing = raceAbort(new Promise(() => {}), controller.signal, () => new Error('stopped'))
    controller.abort()
    await expect(racing).rejects.toThrow('stopped')
    await expect(raceAbort(Promise.resolve(1), controller.signal, () => new Error('already'))).rejects.toThrow('already')
  })

  it('leaves no listener behind on the signal after a decided race', async () => {
    const controller = new AbortController()
    let listeners = 0
    const signal = controller.signal
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners += 1
      add(...args)
    }) as typeof signal.addEventListener
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners -= 1
      remove(...args)
    }) as typeof signal.removeEventListener
    for (let index = 0; index < 100; index += 1) await raceAbort(Promise.resolve(index), signal)
    expect(listeners).toBe(0)
  })
})
