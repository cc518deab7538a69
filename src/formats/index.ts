/**
 * The built-in formats, listed statically (`bun build --compile` needs static imports). To add a
 * format: write its plugin folder beside these and add it here (README "Adding a format").
 */

import { anthropicFormat } from './anthropic/index.ts'
import { geminiFormat } from './gemini/index.ts'
import { openAIChatFormat } from './openai/chat/index.ts'
import { openAIImagesFormat } from './openai/images/index.ts'
import { openAIResponsesFormat } from './openai/responses/index.ts'
import { createFormatRegistry } from './registry.ts'
import type { FormatPlugin } from './types.ts'

export const builtinFormats: readonly FormatPlugin[] = createFormatRegistry([openAIChatFormat, openAIResponsesFormat, openAIImagesFormat, geminiFormat, anthropicFormat])
