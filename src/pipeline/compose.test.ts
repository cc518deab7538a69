import { describe, expect, it } from 'bun:test'
import { composeStages } from './compose.ts'
import type { PipelineContext, Stage } from './context.ts'

const context = {} as PipelineContext

describe('composeStages', () => {
  it('runs stages in order and unwinds in reverse', async () => {
    const seen: string[] = []
    const stage = (name: string): Stage => async (_context, next) => {
      seen.push(`${name}:before`)
      await next()
      seen.push(`${name}:after`)
    }
    await composeStages([stage('a'), stage('b'), stage('c')])(context)
    expect(seen).toEqual(['a:before', 'b:before', 'c:before', 'c:after', 'b:after', 'a:after'])
  })

  it('stops when a stage does not call next', async () => {
    const seen: string[] = []
    await composeStages([async () => void seen.push('first'), async () => void seen.push('second')])(context)
    expect(seen).toEqual(['first'])
  })

  it('refuses a second call of next', async () => {
    const twice: Stage = async (_context, next) => {
      await next()
      await next()
    }
    await expect(composeStages([twice])(context)).rejects.toThrow('next() called more than once')
  })
})
