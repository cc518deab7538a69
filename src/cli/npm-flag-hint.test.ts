import { describe, expect, it } from 'bun:test'
import { describeSwallowedFlags } from './npm-flag-hint.ts'

describe('describeSwallowedFlags', () => {
  it('names the flag npm kept and the command that passes it', () => {
    expect(describeSwallowedFlags({ npm_lifecycle_event: 'start', npm_config_demo: 'true' })).toBe(
      'npm kept --demo for itself, so the server did not see it. Put -- before the server\'s flags: npm start -- --demo',
    )
    expect(describeSwallowedFlags({ npm_lifecycle_event: 'dev', npm_config_demo: 'true', npm_config_port: 'true' })).toContain('npm run dev -- --demo --port')
  })

  it('stays quiet outside npm scripts and when flags came through', () => {
    expect(describeSwallowedFlags({ npm_config_demo: 'true' })).toBeNull()
    expect(describeSwallowedFlags({ npm_lifecycle_event: 'start', npm_config_cache: '/root/.npm' })).toBeNull()
  })
})
