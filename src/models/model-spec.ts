/**
 * What a model is, as data: the TypeBox schema every row of the model table and every config
 * override is checked against, and the type derived from it, so the two cannot drift apart.
 */

import { Type, type Static } from '@sinclair/typebox'

const ModelCapabilitiesSchema = Type.Object({
  streaming: Type.Boolean(),
  /** Accepts images and files as input. */
  vision: Type.Boolean(),
  thinking: Type.Boolean(),
  tools: Type.Boolean(),
  imageGeneration: Type.Boolean(),
  imageEditing: Type.Boolean(),
})

/** The upstream model families; which hex id serves a role is discovered per account. */
const upstreamRoles = ['flash', 'pro', 'flash-lite'] as const
export type UpstreamRole = (typeof upstreamRoles)[number]

/**
 * What selects the model upstream: a ROLE, never a hex id (Google renames and renumbers those
 * every few months, and which one an account may use depends on its tier; the Gemini web backend
 * resolves the role per account, see src/backends/gemini-web/resolve-upstream-model.ts), whether
 * extended thinking is on, whether the image tool is forced, and the image download size.
 */
const UpstreamSelectorSchema = Type.Object(
  {
    /** The model family; null lets the upstream choose its default. */
    role: Type.Union([...upstreamRoles.map((role) => Type.Literal(role)), Type.Null()]),
    /** Extended thinking (the header's thinking flag and inner[80] both say so). */
    thinking: Type.Optional(Type.Boolean()),
    /** Force the image-generation tool (image models have no header of their own upstream). */
    imageTool: Type.Optional(Type.Boolean()),
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
  /** False keeps a model out of the model lists; it still answers by id, alias or name rule. */
  listed: Type.Optional(Type.Boolean()),
})

export type UpstreamSelector = Static<typeof UpstreamSelectorSchema>
export type ModelSpec = Static<typeof ModelSpecSchema>
