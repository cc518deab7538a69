import { describe, expect, test } from 'bun:test'
import { buildBatchRequest, buildGenerateRequest, createRequestCounter } from './build-request.ts'
import { defaultProtocolData, resolveProtocolData } from './protocol-data.ts'

const tokens = { xsrf: 'token-value:123', buildLabel: 'boq_x_p0', sessionId: '-42', language: 'en', pushId: 'feeds/x' }
const uuid = '0F3C2A8E-1111-4222-8333-444455556666'
const clientUuid = 'AAAABBBB-1111-4222-8333-444455556666'
const proThinking = { hex: 'e6fa609c3fa255c0', modeCategory: 3, capacity: '1', thinking: 2 }

function decodeInner(body: string): unknown[] {
  const form = new URLSearchParams(body)
  const outer = JSON.parse(form.get('f.req') ?? '') as [null, string]
  expect(outer[0]).toBeNull()
  return JSON.parse(outer[1]) as unknown[]
}

describe('buildGenerateRequest', () => {
  test('query, headers and the twice-encoded f.req', () => {
    const built = buildGenerateRequest({ protocol: defaultProtocolData, tokens, selector: { role: 'pro', thinking: true }, model: proThinking, clientUuid, prompt: 'Hi', files: [], requestNumber: 12345, uuid })
    const url = new URL(built.url)
    expect(url.origin + url.pathname).toBe('https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate')
    expect(Object.fromEntries(url.searchParams)).toEqual({ bl: 'boq_x_p0', 'f.sid': '-42', hl: 'en', _reqid: '12345', rt: 'c' })
    expect(built.headers['x-goog-ext-525001261-jspb']).toBe(`[1,null,null,null,"e6fa609c3fa255c0",null,null,0,[4,5,6,8],null,null,1,null,null,3,2,"${clientUuid}"]`)
    expect(built.headers['x-goog-ext-73010990-jspb']).toBe('[0,0,0]')
    expect(built.headers['x-goog-ext-525005358-jspb']).toBe(`["${uuid}",1]`)
    expect(new URLSearchParams(built.body).get('at')).toBe('token-value:123')
    const inner = decodeInner(built.body)
    expect(inner.length).toBe(97)
    expect(inner[0]).toEqual(['Hi', 0, null, null, null, null, 0])
    expect(inner[1]).toEqual(['en'])
    expect(inner[2]).toEqual(['', '', '', null, null, null, null, null, null, ''])
    expect(inner[59]).toBe(uuid)
    expect(inner[79]).toBe(3)
    expect(inner[80]).toBe(2)
    expect(inner[68]).toBe(1)
    expect(inner[17]).toEqual([[0]])
    expect(inner[96]).toBe(1)
    expect(inner[49]).toBeNull()
    expect(inner[7]).toBe(1)
  })

  test('image tool, files, conversation, account slot; no model header for the server default', () => {
    const built = buildGenerateRequest({
      protocol: defaultProtocolData,
      tokens: { language: 'de', pushId: 'feeds/x' },
      selector: { role: null, imageTool: true },
      model: null,
      clientUuid,
      prompt: 'draw',
      files: [{ identifier: '/contrib_service/ttl_1d/abc', filename: 'a.png', mimeType: 'image/png' }],
      conversation: { conversationId: 'c_1', responseId: 'r_1', responseCandidateId: 'rc_1', contextToken: 'ctx', turnIndex: 3 },
      requestNumber: 1,
      uuid,
      accountIndex: 2,
    })
    expect(new URL(built.url).pathname.startsWith('/u/2/_/BardChatUi/')).toBe(true)
    expect(built.headers['x-goog-ext-525001261-jspb']).toBeUndefined()
    expect(built.headers['x-goog-authuser']).toBe('2')
    expect(new URLSearchParams(built.body).has('at')).toBe(false)
    const inner = decodeInner(built.body)
    expect(inner[49]).toBe(14)
    expect(inner[17]).toEqual([[3]])
    expect(inner[96]).toBe(0)
    expect(inner[79]).toBeNull()
    expect(inner[2]).toEqual(['c_1', 'r_1', 'rc_1', null, null, null, null, null, null, 'ctx'])
    expect((inner[0] as unknown[])[3]).toEqual([[['/contrib_service/ttl_1d/abc', 1, null, 'image/png'], 'a.png', null, null, null, null, null, null, [0]]])
  })

  test('config overrides replace protocol data (deep-partial)', () => {
    const protocol = resolveProtocolData({ headers: { modelHeaderTemplate: '[1,null,null,null,"{hex}",{capacity}]' }, request: { innerLength: 120 } })
    const built = buildGenerateRequest({ protocol, tokens, selector: { role: 'flash' }, model: { ...proThinking, hex: '0123456789abcdef' }, clientUuid, prompt: 'x', files: [], requestNumber: 1, uuid })
    expect(built.headers['x-goog-ext-525001261-jspb']).toBe('[1,null,null,null,"0123456789abcdef",1]')
    expect(decodeInner(built.body).length).toBe(120)
    expect(protocol.models.roles.pro.hex.free).toBe('9d8ca3786ebdfbea')
    expect(protocol.models.roles.flash.modeCategory).toBe(1)
  })
})

test('batchexecute request: the model header ends with the account session UUID (17 elements)', () => {
  const built = buildBatchRequest({ protocol: defaultProtocolData, tokens, rpcId: 'otAQ7b', payload: [], requestNumber: 7, clientUuid: 'ABCD-1234' })
  expect(built.headers['x-goog-ext-525001261-jspb']).toBe('[1,null,null,null,null,null,null,null,[4,5,6,8],null,null,null,null,null,null,null,"ABCD-1234"]')
  expect(JSON.parse(built.headers['x-goog-ext-525001261-jspb']!)).toHaveLength(17)
  expect(new URL(built.url).searchParams.get('rpcids')).toBe('otAQ7b')
  expect(JSON.parse(new URLSearchParams(built.body).get('f.req') ?? '')).toEqual([[['otAQ7b', '[]', null, 'generic']]])
})

test('request numbers step by 100000', () => {
  const next = createRequestCounter(() => 0)
  expect([next(), next()]).toEqual([10_000, 110_000])
})
