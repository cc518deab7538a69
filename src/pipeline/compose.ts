/**
 * Koa-style composition of pipeline stages: each stage gets the context and a `next` that runs
 * the rest. A stage may stop the chain by not calling `next`, or act after it returns.
 */

import type { PipelineContext, Stage } from './context.ts'

export function composeStages(stages: readonly Stage[]): (context: PipelineContext) => Promise<void> {
  return function runStages(context) {
    let lastIndex = -1
    const dispatch = async (index: number): Promise<void> => {
      if (index <= lastIndex) throw new Error('next() called more than once in one pipeline stage')
      lastIndex = index
      const stage = stages[index]
      if (!stage) return
      await stage(context, () => dispatch(index + 1))
    }
    return dispatch(0)
  }
}
