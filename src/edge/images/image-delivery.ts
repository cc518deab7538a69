/**
 * One call that gives the server everything URL delivery needs: the on-disk store (passed to
 * createApp as `images`) and its GET route (passed as `plainRoutes`), sharing one clock.
 */

import type { PlainRoute } from '../plain-route.ts'
import { createImageRoutes } from './image-routes.ts'
import { createImageStore, type ImageStoreOptions, type ManagedImageStore } from './image-store.ts'

export type ImageDelivery = { store: ManagedImageStore; routes: PlainRoute[]; close(): void }

export function createImageDelivery(options: ImageStoreOptions): ImageDelivery {
  const store = createImageStore(options)
  return { store, routes: createImageRoutes(store, options.now), close: () => store.close() }
}
