import { describe, expect, it } from 'bun:test'
import { DeltaTracker } from './delta-tracker.ts'

function replay(snapshots: string[], finalText: string): string {
  const tracker = new DeltaTracker()
  let emitted = ''
  for (const snapshot of snapshots) emitted += tracker.next(snapshot, false)
  return emitted + tracker.next(finalText, true)
}

describe('DeltaTracker', () => {
  it('emits only what each cumulative snapshot adds', () => {
    expect(replay(['Hel', 'Hello', 'Hello, wor'], 'Hello, world')).toBe('Hello, world')
  })

  it.each(['h', 'ht', 'http', 'http://google'])('never leaks a placeholder fragment %p that the final text drops', (fragment) => {
    const text = 'Here is your cat.\n\n'
    expect(replay([`${text}${fragment}`, `${text}http://googleusercontent.com/image_generation_content/0`], text)).toBe(text)
  })

  it('holds back a transient trailing backslash', () => {
    expect(replay(['a \\', 'a *b'], 'a *b*')).toBe('a *b*')
  })

  it('sends a text that merely ends in h once the next snapshot confirms it', () => {
    const tracker = new DeltaTracker()
    expect(tracker.next('Oh', false)).toBe('O')
    expect(tracker.next('Oh no', false)).toBe('h no')
  })
})
