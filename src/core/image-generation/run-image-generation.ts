/**
 * What the core does around the backend call for image work, in one function so wiring it is one
 * line: the aspect-ratio hint goes into the prompt (the web backend has no parameter for it), and
 * `n` images take up to n backend calls. Chat requests without an aspect ratio pass through as is.
 */

import type { InternalRequest, StreamPart } from '../ir.ts'
import { generateImagesRepeatedly } from './generate-repeatedly.ts'
import { appendImageHints } from './image-hints.ts'

export function streamWithImageOptions(
  request: InternalRequest,
  runOnce: (prepared: InternalRequest) => AsyncIterable<StreamPart>,
  signal?: AbortSignal,
): AsyncIterable<StreamPart> {
  const prepared = appendImageHints(request)
  const isImageTask = request.task === 'image-generation' || request.task === 'image-edit'
  const count = isImageTask ? (request.generation.image?.count ?? 1) : 1
  // One image (and every chat request) is the backend's own stream, with no wrapper around it.
  if (count <= 1) return runOnce(prepared)
  return generateImagesRepeatedly({ count, runOnce: () => runOnce(prepared), ...(signal ? { signal } : {}) })
}
