import { describe, expect, it } from 'bun:test'
import { ProxyError } from '../../core/errors.ts'
import { createStageContext, recordNext } from '../../../test/helpers/stage-context.ts'
import { createAuthStage, openAuthenticator } from './auth.ts'

describe('auth stage', () => {
  it('replaces the client with the identity the authenticator returns, then continues', async () => {
    const context = createStageContext({ prompt: 'x' })
    const { next, called } = recordNext()
    await createAuthStage({ authenticate: (_request, _url, client) => ({ ...client, keyName: 'team' }) })(context, next)
    expect(context.client).toEqual({ address: '127.0.0.1', keyName: 'team' })
    expect(called()).toBe(true)
  })

  it('stops the chain when the authenticator refuses, before anything reads the body', async () => {
    const context = createStageContext({ prompt: 'x' })
    const { next, called } = recordNext()
    const refusing = createAuthStage({ authenticate: () => { throw new ProxyError('unauthenticated', 'no key') } })
    await expect(refusing(context, next)).rejects.toMatchObject({ kind: 'unauthenticated' })
    expect(called()).toBe(false)
    expect(context.request.bodyUsed).toBe(false)
  })

  it('the open authenticator accepts every caller as it is', async () => {
    const context = createStageContext({})
    await createAuthStage(openAuthenticator)(context, recordNext().next)
    expect(context.client).toEqual({ address: '127.0.0.1' })
  })
})
