/**
 * Internal finish reasons to Anthropic's `stop_reason`. A finish with tool calls is `tool_use`
 * whatever the upstream said, because clients (Claude Code, the SDK's tool runners) run the tools
 * only when they see it. The web backend cannot honour stop sequences, so `stop_sequence` never
 * comes back; errors travel as error events, so a text that ended is an `end_turn`.
 */

import type { FinishReason } from '../../core/ir.ts'

export type StopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal'

export function mapFinishReason(reason: FinishReason, sawToolCalls: boolean): StopReason {
  if (sawToolCalls && reason !== 'length' && reason !== 'content-filter') return 'tool_use'
  switch (reason) {
    case 'length':
      return 'max_tokens'
    case 'content-filter':
      return 'refusal'
    default:
      return 'end_turn'
  }
}
