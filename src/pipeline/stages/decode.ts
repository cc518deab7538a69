/**
 * The decode stage: the format turns the wire request into the internal request. Operations
 * that carry no request body to decode (model list and lookup) pass straight through.
 */

import type { PipelineContext, Stage } from '../context.ts'

export function createDecodeStage(): Stage {
  return async function decode(context: PipelineContext, next) {
    const operation = context.match.operation
    if (operation !== 'list-models' && operation !== 'get-model') {
      context.internal = await context.format.decodeRequest(await context.decodeInput())
    }
    await next()
  }
}
