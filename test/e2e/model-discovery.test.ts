/**
 * Google renames and renumbers its model ids every few months. With the emulator offering only
 * ids the built-in table has never seen, every public model id must still answer through both
 * formats, because the gateway discovers per account which ids it may use; and gemini-3.0-pro
 * must arrive as Pro with extended thinking in both places the upstream reads it.
 */

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { builtinModels } from '../../src/models/model-table.ts'
import { defaultProtocolData } from '../../src/backends/gemini-web/protocol-data.ts'
import { startEmulatedGateway, type EmulatedGateway } from '../helpers/start-emulated-gateway.ts'

const tableIds = new Set(Object.values(defaultProtocolData.models.roles).flatMap((role) => Object.values(role.hex)))

function lastGenerate(gateway: EmulatedGateway) {
  const request = gateway.emulator.state.requests.filter((entry) => entry.path.endsWith('/StreamGenerate')).at(-1)
  if (!request) throw new Error('no StreamGenerate request was seen')
  const header = JSON.parse(request.headers['x-goog-ext-525001261-jspb'] ?? 'null') as unknown[] | null
  const inner = JSON.parse((JSON.parse(request.form?.['f.req'] ?? '[]') as [null, string])[1]) as unknown[]
  return { header, inner }
}

for (const tier of ['free', 'paid'] as const) {
  describe(`renamed model ids (${tier} account)`, () => {
    let gateway: EmulatedGateway
    beforeAll(async () => {
      gateway = await startEmulatedGateway({ emulator: { modelGeneration: 'renamed', tier } })
    })
    afterAll(async () => {
      await gateway.stop()
    })

    it('every listed text model answers through the OpenAI format, on an id discovery found', async () => {
      for (const model of builtinModels.filter((entry) => entry.kind === 'text')) {
        const response = await fetch(`${gateway.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: model.id, messages: [{ role: 'user', content: `hello ${model.id}` }] }) })
        expect({ model: model.id, status: response.status }).toEqual({ model: model.id, status: 200 })
        const body = (await response.json()) as { choices: Array<{ message: { content: string } }> }
        expect(body.choices[0]!.message.content).toContain(`hello ${model.id}`)
        const hex = lastGenerate(gateway).header?.[4]
        expect(typeof hex).toBe('string')
        expect(tableIds.has(hex as string)).toBe(false)
      }
    })

    it('every image model answers through the Gemini format', async () => {
      for (const model of builtinModels.filter((entry) => entry.kind === 'image')) {
        const response = await fetch(`${gateway.origin}/gemini/v1beta/models/${model.id}:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: 'generate an image of a lighthouse' }) })
        expect({ model: model.id, status: response.status }).toEqual({ model: model.id, status: 200 })
        const body = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ inlineData?: unknown }> } }> }
        expect(body.candidates[0]!.content.parts.some((part) => part.inlineData !== undefined)).toBe(true)
      }
    })

    it("today's official names answer too (gemini-cli's defaults and its router model)", async () => {
      for (const name of ['gemini-3.1-pro-preview', 'gemini-3.1-pro-preview-customtools', 'gemini-3.8-flash', 'gemini-3.5-flash-lite', 'gemini-flash-latest']) {
        const response = await fetch(`${gateway.origin}/v1beta/models/${name}:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: 'hi' }) })
        expect({ name, status: response.status }).toEqual({ name, status: 200 })
      }
    })

    it('gemini-3.0-pro arrives as Pro with extended thinking in the header and in inner[80]', async () => {
      const response = await fetch(`${gateway.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gemini-3.0-pro', messages: [{ role: 'user', content: 'think hard' }], reasoning_effort: 'high' }) })
      expect(response.status).toBe(200)
      const { header, inner } = lastGenerate(gateway)
      expect(header?.at(-3)).toBe(3)
      expect(header?.at(-2)).toBe(2)
      expect(inner[79]).toBe(3)
      expect(inner[80]).toBe(2)
      const body = (await response.json()) as { choices: Array<{ message: { reasoning_content?: string } }> }
      expect(body.choices[0]!.message.reasoning_content).toContain('Emulated thoughts')
    })
  })
}

describe('discovery is shown to the operator', () => {
  it('/api/cookies/status and /api/admin/upstream-models say what was found, for which tier, from where', async () => {
    const gateway = await startEmulatedGateway({ emulator: { modelGeneration: 'renamed', tier: 'paid' } })
    try {
      const models = (await (await fetch(`${gateway.origin}/api/admin/upstream-models`)).json()) as { source: string; tier: string; roles: Record<string, string>; capacity: string }
      expect(models.source).toBe('otAQ7b')
      expect(models.tier).toBe('paid')
      expect(models.capacity).toBe('2')
      expect(Object.keys(models.roles).sort()).toEqual(['flash', 'flash-lite', 'pro'])
      const status = (await (await fetch(`${gateway.origin}/api/cookies/status`)).json()) as { accounts: Array<{ models: { tier: string; source: string; roles: Record<string, string> } }> }
      expect(status.accounts[0]!.models).toMatchObject({ tier: 'pro', source: 'otAQ7b', roles: models.roles })
    } finally {
      await gateway.stop()
    }
  })
})
