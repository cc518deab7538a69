/**
 * The emulated model's tool calls. When a prompt offers tools in the gateway's tool protocol (see
 * docs/tool-calling.md; the emulator keeps its own copy of the markers so it stays independent of
 * the client) and the newest user turn asks for one of them by name ("use the Bash tool …",
 * "call get_weather …"), the answer is one `tool_call` block for that tool, so coding agents and
 * SDK tool loops complete a real round trip offline. The first required string argument is the
 * first `backtick-quoted` text of the turn (a command, a city); other required arguments get a
 * value valid against their schema; optional ones are left out. A turn that carries a tool
 * result, or names no offered tool, gets the ordinary answer.
 */

import { buildSchemaInstance } from './json-answer.ts'

const protocolMarker = 'To call a tool, reply with a fenced block in exactly this format'
const lastTurnMarker = 'Reply to the last user message:'

type OfferedTool = { name: string; parameters?: unknown }

/** The tool lines of the protocol: one JSON object per line with a `name`. */
function readOfferedTools(prompt: string): OfferedTool[] {
  const tools: OfferedTool[] = []
  for (const line of prompt.split('\n')) {
    if (!line.startsWith('{"name":')) continue
    try {
      const tool = JSON.parse(line) as OfferedTool
      if (typeof tool.name === 'string') tools.push(tool)
    } catch {
      // Not a tool line after all (a JSON example in the caller's own text).
    }
  }
  return tools
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Where the turn asks for the tool ("use the X tool", "call X"), or -1. The name is matched as written. */
function findRequest(turn: string, name: string): number {
  const pattern = new RegExp(`\\b(?:[Uu]se|[Cc]all|USE|CALL)\\s+(?:the\\s+)?(?:tool\\s+)?[\`"']?${escapePattern(name)}(?![\\w-])`, 'g')
  let last = -1
  for (const match of turn.matchAll(pattern)) last = match.index
  return last
}

function buildArguments(parameters: unknown, quoted: string | undefined): Record<string, unknown> {
  const schema = typeof parameters === 'object' && parameters !== null ? (parameters as { properties?: Record<string, unknown>; required?: unknown }) : {}
  const properties = schema.properties ?? {}
  const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []
  const values: Record<string, unknown> = {}
  let quotedUsed = false
  for (const name of required) {
    const property = properties[name] as { type?: unknown } | undefined
    if (!quotedUsed && quoted !== undefined && property?.type === 'string') {
      values[name] = quoted
      quotedUsed = true
    } else {
      values[name] = buildSchemaInstance(property)
    }
  }
  return values
}

/** The tool-call answer for a prompt whose newest user turn asks for an offered tool, or null. */
export function answerWithToolCall(prompt: string): string | null {
  if (!prompt.includes(protocolMarker) || !prompt.includes(lastTurnMarker)) return null
  const turn = prompt.slice(prompt.lastIndexOf(lastTurnMarker) + lastTurnMarker.length).trim()
  if (!turn.startsWith('User:')) return null
  let chosen: { tool: OfferedTool; at: number } | null = null
  for (const tool of readOfferedTools(prompt)) {
    const at = findRequest(turn, tool.name)
    if (at >= 0 && (!chosen || at > chosen.at)) chosen = { tool, at }
  }
  if (!chosen) return null
  const quoted = /`([^`\n]+)`/.exec(turn.slice(chosen.at))?.[1]
  const call = { name: chosen.tool.name, arguments: buildArguments(chosen.tool.parameters, quoted) }
  return `I will use ${chosen.tool.name}.\n\n\`\`\`tool_call\n${JSON.stringify(call)}\n\`\`\``
}
