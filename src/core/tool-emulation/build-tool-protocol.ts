/**
 * The text that teaches the web model our tool protocol. The web app has no function-calling
 * API, so the offered tools and the one reply format we can parse travel in the system
 * instruction. The block format is shared with the history rewriter, so the model sees its own
 * earlier calls written exactly the way it is asked to write new ones.
 */

import type { ToolChoice, ToolDefinition } from '../ir.ts'

/** The fence info string that opens a tool block: a line of ```tool_call. */
export const toolBlockLabel = 'tool_call'

/** Writes one call in the protocol's block format (the same text the model must produce). */
export function formatToolCallBlock(name: string, argumentsJson: string): string {
  let argumentsValue: unknown
  try {
    argumentsValue = argumentsJson.trim() === '' ? {} : JSON.parse(argumentsJson)
  } catch {
    // An earlier call whose arguments were not JSON is shown as the string it was.
    argumentsValue = argumentsJson
  }
  return '```' + toolBlockLabel + '\n' + JSON.stringify({ name, arguments: argumentsValue }) + '\n```'
}

/** One compact JSON line per tool: the model reads JSON Schema well, and whitespace costs prompt length. */
function describeTool(tool: ToolDefinition): string {
  const entry: Record<string, unknown> = { name: tool.name }
  if (tool.description) entry.description = tool.description
  entry.parameters = tool.parameters ?? { type: 'object', properties: {} }
  return JSON.stringify(entry)
}

function describeChoice(choice: ToolChoice, offered: readonly ToolDefinition[]): string {
  if (choice.mode === 'required') {
    if (offered.length === 1) return `You MUST call the tool "${offered[0]!.name}" in this reply: answer with tool_call blocks only.`
    return 'You MUST call at least one of the tools above in this reply: answer with tool_call blocks only.'
  }
  return 'Decide for yourself whether a tool helps. If none is needed, answer normally in plain text without any tool_call block.'
}

/**
 * The protocol section appended to the system instruction. `offered` is already narrowed to the
 * allowed tools; it must not be empty (a choice of none never gets a protocol).
 */
export function buildToolProtocol(offered: readonly ToolDefinition[], choice: ToolChoice): string {
  const example = '```' + toolBlockLabel + '\n{"name": "TOOL_NAME", "arguments": {"ARGUMENT_NAME": "VALUE"}}\n```'
  return [
    '# Tools',
    'You can call the following tools. Each line is one tool as JSON: its name, what it does, and its parameters as a JSON Schema.',
    ...offered.map(describeTool),
    '',
    'To call a tool, reply with a fenced block in exactly this format:',
    example,
    'Rules:',
    '- The block starts with a line of three backticks followed by tool_call and ends with a line of three backticks.',
    '- Inside is ONE JSON object with exactly two keys: "name" (a tool name from the list) and "arguments" (a JSON object matching that tool\'s parameters, including every required parameter).',
    '- The JSON must be strict: double quotes, no comments, no trailing commas.',
    '- To call several tools at once, write one block per call, one after another.',
    '- You may write a short sentence before the first block. Write NOTHING after the last block: stop there and wait; the tool results will be sent to you in the next message.',
    '- Never invent tool results yourself.',
    '- ' + describeChoice(choice, offered),
  ].join('\n')
}

/** Said when tools exist in the history but must not be called now (tool choice none). */
export const toolsDisabledNotice = [
  '# Tools',
  'Earlier turns show tool calls in ```' + toolBlockLabel + ' blocks and their results. No tool may be called in this reply: answer in plain text and do not write any ' + toolBlockLabel + ' block.',
].join('\n')
