/**
 * The wording of answers in `--demo`: short replies that read like a chat, about the user's own
 * question, instead of the test wording (`Emulated answer to: <prompt>`, which echoes the whole
 * internal prompt: system instructions, "Conversation so far", tool lists). The tests keep the
 * echo wording; `startEmulator({ answers: 'demo' })` selects this one.
 */

const questionPreviewLength = 80

/** The newest user turn of a prompt built by src/backends/gemini-web/build-prompt.ts, or the prompt itself. */
export function readLastUserTurn(prompt: string): string {
  const marker = 'Reply to the last user message:'
  const tail = prompt.includes(marker) ? prompt.slice(prompt.lastIndexOf(marker) + marker.length) : prompt
  return tail.trim().replace(/^User:\s*/, '').trim()
}

function preview(text: string): string {
  const codePoints = Array.from(text.replace(/\s+/g, ' '))
  return codePoints.length > questionPreviewLength ? `${codePoints.slice(0, questionPreviewLength).join('')}…` : codePoints.join('')
}

const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text)

function answerArithmetic(question: string): string | null {
  const match = /(-?\d+(?:\.\d+)?)\s*([+\-*/×x÷])\s*(-?\d+(?:\.\d+)?)/.exec(question)
  if (!match) return null
  const left = Number(match[1])
  const right = Number(match[3])
  const operator = match[2]!
  const result =
    operator === '+' ? left + right
    : operator === '-' ? left - right
    : operator === '/' || operator === '÷' ? (right === 0 ? null : left / right)
    : left * right
  if (result === null) return 'Dividing by zero has no answer, even in the demo.'
  const symbol = operator === '*' || operator === 'x' ? '×' : operator === '/' ? '÷' : operator
  return `${match[1]} ${symbol} ${match[3]} = ${Number.isInteger(result) ? result : Number(result.toFixed(6))}.`
}

function answerCounting(question: string): string | null {
  const words: Record<string, number> = { three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 }
  const match = /count (?:to|up to) (\d+|three|four|five|six|seven|eight|nine|ten)\b/i.exec(question)
  if (!match) return null
  const target = Math.min(20, Number(match[1]) || words[match[1]!.toLowerCase()] || 5)
  return `${Array.from({ length: target }, (_, index) => index + 1).join(', ')}.`
}

/** The answer text (and, for thinking models, the thoughts) for a prompt in demo mode. */
export function composeDemoAnswer(prompt: string, wantsImage: boolean): { text: string; thoughts: string } {
  const question = readLastUserTurn(prompt)
  const shown = preview(question)
  const thoughts = `**Reading the question**\n\nThe user asked: "${shown}". This is the demo, so the answer comes from a short script.\n\n`
  if (wantsImage) return { text: `Here is a demo picture for "${shown}". With real cookies, Gemini draws it for you.`, thoughts }
  const toolResult = /^Tool result \(([^)]*)\):\s*([\s\S]*)$/.exec(question)
  if (toolResult) return { text: `The tool ${toolResult[1]} answered: "${preview(toolResult[2] ?? '')}". With your Gemini cookies, Gemini reads the result and answers here.`, thoughts }
  const scripted = answerArithmetic(question) ?? answerCounting(question)
  if (scripted) return { text: scripted, thoughts }
  if (hasChinese(question)) {
    return { text: `你好！这是 gemini-reverse 的演示模式：回答来自内置的模拟器，而不是 Google。你问的是“${shown}”。配置你的 Gemini Cookie 后，真正的 Gemini 会在这里回答。`, thoughts }
  }
  if (/^(hi|hello|hey|say hello)\b/i.test(question)) {
    return { text: 'Hello! This is the gemini-reverse demo: answers come from the built-in emulator, not from Google. Give the gateway your Gemini cookies and the real model answers here.', thoughts }
  }
  return { text: `This is the gemini-reverse demo, so I can't really answer "${shown}". Give the gateway your Gemini cookies and Gemini itself answers here.`, thoughts }
}
