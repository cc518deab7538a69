import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import { decodeGenerationConfig, decodeTools, normalizeResponseSchema } from './decode-generation-config.ts'

describe('decodeGenerationConfig', () => {
  test('copies sampling options and maps thinking, modalities and image options', () => {
    const ignored: string[] = []
    const generation = decodeGenerationConfig({
      temperature: 0.5, topP: 0.9, topK: 40, maxOutputTokens: 100, stopSequences: ['END'], candidateCount: 1, seed: 7,
      responseModalities: ['TEXT', 'image'],
      thinkingConfig: { includeThoughts: true, thinkingBudget: 2048, thinkingLevel: 'high' },
      imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
    }, ignored)
    expect(generation).toEqual({
      temperature: 0.5, topP: 0.9, topK: 40, maxOutputTokens: 100, stopSequences: ['END'], seed: 7, candidateCount: 1,
      responseModalities: ['text', 'image'],
      thinking: { includeThoughts: true, budgetTokens: 2048, effort: 'high' },
      image: { count: 1, aspectRatio: '16:9', size: '2K' },
    })
    expect(ignored).toEqual([])
  })

  test('refuses more than one candidate, audio output and unknown levels', () => {
    expect(() => decodeGenerationConfig({ candidateCount: 2 }, [])).toThrow(ProxyError)
    expect(() => decodeGenerationConfig({ responseModalities: ['AUDIO'] }, [])).toThrow('responseModalities[0]')
    expect(() => decodeGenerationConfig({ thinkingConfig: { thinkingLevel: 'EXTREME' } }, [])).toThrow('thinkingLevel')
    expect(() => decodeGenerationConfig({ responseMimeType: 'text/html' }, [])).toThrow('responseMimeType')
  })

  test('JSON output takes responseJsonSchema first, else the normalised responseSchema', () => {
    expect(decodeGenerationConfig({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object' }, responseSchema: { type: 'STRING' } }, []).responseFormat).toEqual({ type: 'json', schema: { type: 'object' } })
    expect(decodeGenerationConfig({ responseMimeType: 'application/json', responseSchema: { type: 'STRING' } }, []).responseFormat).toEqual({ type: 'json', schema: { type: 'string' } })
    expect(decodeGenerationConfig({ responseMimeType: 'application/json' }, []).responseFormat).toEqual({ type: 'json' })
    const ignored: string[] = []
    expect(decodeGenerationConfig({ responseMimeType: 'text/x.enum', responseSchema: { type: 'STRING', enum: ['a'] } }, ignored).responseFormat).toEqual({ type: 'text' })
    expect(ignored).toEqual(['generationConfig.responseMimeType'])
  })
})

describe('normalizeResponseSchema', () => {
  test('lower-cases types, turns nullable into a null type, keeps lower-case input as is', () => {
    const upper = normalizeResponseSchema({ type: 'OBJECT', propertyOrdering: ['a'], properties: { a: { type: 'STRING', nullable: true }, b: { type: 'ARRAY', items: { type: 'INTEGER' } } }, required: ['a'] })
    expect(upper).toEqual({ type: 'object', properties: { a: { type: ['string', 'null'] }, b: { type: 'array', items: { type: 'integer' } } }, required: ['a'] })
    expect(normalizeResponseSchema({ type: 'object', properties: { x: { type: 'number' } } })).toEqual({ type: 'object', properties: { x: { type: 'number' } } })
  })
})

describe('decodeTools', () => {
  test('function declarations and calling modes', () => {
    const ignored: string[] = []
    const decoded = decodeTools({
      tools: [{ functionDeclarations: [{ name: 'f', description: 'does f', parameters: { type: 'OBJECT' } }, { name: 'g', parametersJsonSchema: { type: 'object', additionalProperties: false } }] }, { codeExecution: {} } as never],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } },
    }, ignored)
    expect(decoded.tools).toEqual([{ name: 'f', description: 'does f', parameters: { type: 'object' } }, { name: 'g', parameters: { type: 'object', additionalProperties: false } }])
    expect(decoded.toolChoice).toEqual({ mode: 'required', allowedNames: ['f'] })
    expect(ignored).toEqual(['tools.codeExecution'])
    expect(decodeTools({ toolConfig: { functionCallingConfig: { mode: 'NONE' } } }, []).toolChoice).toEqual({ mode: 'none' })
    expect(() => decodeTools({ toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } }, [])).toThrow('functionCallingConfig.mode')
  })
})
