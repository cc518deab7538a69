/**
 * Contract: tool calling end to end with the emulation applied around the fake backend by this
 * test (a wrapper backend doing what the core stage does once wired), so it passes before and
 * after the wiring. tool-calling-wired.test.ts runs the same scenarios on the plain test app.
 */

import { applyToolEmulation } from '../../src/core/tool-emulation/apply-tool-emulation.ts'
import type { BackendPlugin } from '../../src/backends/types.ts'
import { createTestApp } from '../helpers/create-test-app.ts'
import { createFakeBackend, type FakeBackend } from '../helpers/fake-backend.ts'
import { describeToolCalling } from './tool-calling-scenarios.ts'

function wrapWithToolEmulation(inner: FakeBackend): BackendPlugin {
  return {
    id: inner.id,
    stream(request, model, context) {
      const emulation = applyToolEmulation(request)
      if (!emulation) return inner.stream(request, model, context)
      return emulation.transform(inner.stream(emulation.request, model, context))
    },
    status: () => inner.status(),
  }
}

describeToolCalling('tool calling (emulation wrapped around the fake backend by the test)', () => {
  const fake = createFakeBackend()
  return { testApp: createTestApp({ backend: wrapWithToolEmulation(fake) }), fake }
})
