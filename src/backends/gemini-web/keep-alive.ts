/**
 * Keeps each account's session alive as long as Google allows: `__Secure-1PSIDTS` rotation about
 * every 10 minutes with jitter (src/backends/gemini-web/rotate-cookies.ts), and between rotations a
 * light reload of the app page, whose answer refreshes the SIDCC cookies and tells early when the
 * session died. Everything the upstream sets is written back at once (a rotated cookie that is not
 * persisted is lost at the next restart). Accounts whose cookies another process keeps alive
 * (the browser keeper) are skipped.
 */

import type { Account } from './accounts.ts'
import type { BackendContext } from './backend-context.ts'
import { scheduleRotation } from './rotate-cookies.ts'
import { refreshSession } from './session.ts'

export function scheduleKeepAlive(context: BackendContext, account: Account, pageRefreshIntervalSeconds: number, afterRefresh: () => void): () => void {
  const stopRotation = scheduleRotation(context, account)
  if (pageRefreshIntervalSeconds <= 0) return stopRotation
  const timer = setInterval(() => {
    if (account.rotating || account.refreshing) return
    void refreshSession(context, account)
      .catch((error: unknown) => context.logger.info('keep-alive page refresh failed', { account: account.id, error }))
      .finally(afterRefresh)
  }, pageRefreshIntervalSeconds * 1000)
  timer.unref?.()
  return () => {
    stopRotation()
    clearInterval(timer)
  }
}
