/**
 * Contract: tool calling end to end through the test app, with the emulation applied by the core
 * stage (src/pipeline/stages/core.ts, docs/tool-calling.md) around the scripted fake backend.
 */

import { createTestApp } from '../helpers/create-test-app.ts'
import { describeToolCalling } from './tool-calling-scenarios.ts'

describeToolCalling('tool calling', () => {
  const testApp = createTestApp()
  return { testApp, fake: testApp.fake! }
})
