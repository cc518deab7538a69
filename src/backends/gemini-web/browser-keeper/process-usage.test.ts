import { describe, expect, it } from 'bun:test'
import { readProcessTreeUsage } from './process-usage.ts'

describe('readProcessTreeUsage', () => {
  it('sums a process and its children', async () => {
    const child = Bun.spawn(['sleep', '5'], { stdout: 'ignore', stderr: 'ignore' })
    try {
      const usage = readProcessTreeUsage(process.pid)
      expect(usage).not.toBeNull()
      expect(usage!.processes).toBeGreaterThanOrEqual(2)
      expect(usage!.memoryBytes).toBeGreaterThan(10 * 1024 * 1024)
      expect(usage!.cpuSeconds).toBeGreaterThan(0)
    } finally {
      child.kill()
      await child.exited
    }
  })

  it('is null for a process that does not exist', () => {
    expect(readProcessTreeUsage(4_194_305)).toBeNull()
  })
})
