/**
 * The OpenAI chat completions format plugin: routes, chat decoding and encoding (whole and
 * streamed), and the model list. Errors and model shapes are the OpenAI family's (../).
 */

import { readModelField } from '../../shared/read-model-field.ts'
import type { FormatPlugin } from '../../types.ts'
import { encodeOpenAIError } from '../encode-error.ts'
import { encodeOpenAIModel, encodeOpenAIModelList } from '../encode-models.ts'
import { decodeChatRequest } from './decode-request.ts'
import { encodeChatResponse } from './encode-response.ts'
import { createChatStreamEncoder } from './encode-stream.ts'
import { openAIChatRoutes } from './routes.ts'

export const openAIChatFormat = {
  id: 'openai',
  routes: openAIChatRoutes,
  // Every other path under /v1/ answers in the OpenAI envelope (the most common client there).
  pathPrefixes: ['/v1/'],
  readModelId: readModelField,
  decodeRequest: (input) => decodeChatRequest(input.body, input.warnings),
  encodeResponse: encodeChatResponse,
  createStreamEncoder: createChatStreamEncoder,
  encodeModelList: encodeOpenAIModelList,
  encodeModel: encodeOpenAIModel,
  encodeError: encodeOpenAIError,
} satisfies FormatPlugin
