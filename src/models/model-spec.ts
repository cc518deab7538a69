/**
 * What a model is, as data: the TypeBox schema every row of the model table and every config
 * override is checked against, and the type derived from it, so the two cannot drift apart.
 */

import { Type, type Static } from '@sinclair/typebox'

export const ModelCapabilitiesSchema = Type.Object({
  streaming: Type.Boolean(),
  /** Accepts images and files as input. */
  vision: Type.Boolean(),
  thinking: Type.Boolean(),
  tools: Type.Boolean(),
  imageGeneration: Type.Boolean(),
  imageEditing: Type.Boolean(),
})

/**
 * What selects the model upstream. For the Gemini web backend: the key of a model-header entry in
 * the protocol data (so the hex value lives with the other protocol constants), whether the image
 * tool is forced, the thinking level, and the download size suffix for generated images.
 */
export const UpstreamSelectorSchema = Type.Object(
  {
    /** Key into the backend's protocol model table (e.g. 'fast', 'pro', 'thinking'); null = server default. */
    model: Type.Union([Type.String(), Type.Null()]),
    /** Force the image-generation tool (image models have no header of their own upstream). */
    imageTool: Type.Optional(Type.Boolean()),
    /** Upstream thinking level (inner[80]) when the backend supports it. */
    thinkingLevel: Type.Optional(Type.Integer()),
    /** Size suffix requested when downloading generated images, e.g. '=s2048' or '=s0' (original). */
    imageDownloadSuffix: Type.Optional(Type.String()),
    /** The longest image side this model is expected to deliver, used in docs and checks only. */
    expectedImageSide: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: true },
)

export const ModelSpecSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  aliases: Type.Array(Type.String({ minLength: 1 })),
  displayName: Type.String(),
  description: Type.String(),
  kind: Type.Union([Type.Literal('text'), Type.Literal('image')]),
  /** Human-readable output resolution for image models ('2048x2048'), or null for text. */
  resolution: Type.Union([Type.String(), Type.Null()]),
  /** Typical latency class as docs/compatibility.md states it ('fast', '~30s', ...). */
  speed: Type.String(),
  recommendedUse: Type.String(),
  capabilities: ModelCapabilitiesSchema,
  inputTokenLimit: Type.Integer({ minimum: 1 }),
  outputTokenLimit: Type.Integer({ minimum: 1 }),
  backend: Type.String({ minLength: 1 }),
  upstream: UpstreamSelectorSchema,
})

export type ModelCapabilities = Static<typeof ModelCapabilitiesSchema>
export type UpstreamSelector = Static<typeof UpstreamSelectorSchema>
export type ModelSpec = Static<typeof ModelSpecSchema>
export type ModelKind = ModelSpec['kind']
