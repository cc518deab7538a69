import { describe, expect, test } from 'bun:test'
import type { InternalRequest, Message } from '../../core/ir.ts'
import { applyToolEmulation } from '../../core/tool-emulation/apply-tool-emulation.ts'
import { buildPrompt } from '../../backends/gemini-web/build-prompt.ts'
import { answerWithToolCall } from './tool-answer.ts'

const bash = {
  name: 'Bash',
  description: 'Runs a shell command',
  parameters: { type: 'object', properties: { command: { type: 'string' }, timeout: { type: 'number' }, run_in_background: { type: 'boolean' } }, required: ['command'] },
}
const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } }, required: ['city', 'days'] } }
const read = { name: 'Read', parameters: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } }

/** The prompt the gateway really sends: the tool protocol from the core, the layout from the web backend. */
function promptFor(messages: Message[]): string {
  const request: InternalRequest = { task: 'chat', model: 'm', messages, generation: {}, stream: false, systemInstruction: 'You are an agent.', tools: [bash, weather, read] }
  return buildPrompt(applyToolEmulation(request)!.request).text
}

const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] })

function callIn(answer: string | null): unknown {
  const json = /```tool_call\n(.*)\n```$/.exec(answer ?? '')?.[1]
  return json === undefined ? null : JSON.parse(json)
}

describe('emulated tool calls', () => {
  test('a turn that asks for an offered tool gets one call, the quoted text as its first required string', () => {
    expect(callIn(answerWithToolCall(promptFor([user('Use the Bash tool to run `echo emulator-ok > result.txt`')])))).toEqual({ name: 'Bash', arguments: { command: 'echo emulator-ok > result.txt' } })
  })

  test('other required arguments get schema values; optional ones are left out', () => {
    expect(callIn(answerWithToolCall(promptFor([user('call get_weather for `Paris`')])))).toEqual({ name: 'get_weather', arguments: { city: 'Paris', days: 1 } })
  })

  test('the last request in the turn wins (an earlier reminder may name another tool)', () => {
    const answer = answerWithToolCall(promptFor([user('<reminder>use the Read tool sparingly</reminder>\nNow use Bash: `ls`')]))
    expect(callIn(answer)).toEqual({ name: 'Bash', arguments: { command: 'ls' } })
  })

  test('no call for a tool result, a turn naming no tool, a word inside another name, or a prompt without the protocol', () => {
    const afterCall: Message[] = [
      user('Use the Bash tool to run `ls`'),
      { role: 'assistant', parts: [{ type: 'tool-call', id: 'c1', name: 'Bash', arguments: '{"command":"ls"}' }] },
      { role: 'tool', parts: [{ type: 'tool-result', id: 'c1', name: 'Bash', content: 'result.txt' }] },
    ]
    expect(answerWithToolCall(promptFor(afterCall))).toBeNull()
    expect(answerWithToolCall(promptFor([user('What is the weather?')]))).toBeNull()
    expect(answerWithToolCall(promptFor([user('use Bashful `x`')]))).toBeNull()
    expect(answerWithToolCall('Reply to the last user message:\n\nUser: use the Bash tool')).toBeNull()
  })
})
