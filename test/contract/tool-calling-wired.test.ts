/**
 * Contract: tool calling through the plain test app, i.e. with the emulation applied by the core
 * stage itself. It fails until `applyToolEmulation` is wired into src/pipeline/stages/core.ts
 * (see docs/tool-calling.md); tool-calling.test.ts runs the same scenarios with a test wrapper.
 */

import { createTestApp } from '../helpers/create-test-app.ts'
import { describeToolCalling } from './tool-calling-scenarios.ts'

describeToolCalling('tool calling (wired into the core stage)', () => {
  const testApp = createTestApp()
  return { testApp, fake: testApp.fake! }
})
