/**
 * The kiosk's idle rule: a session ends after 60 s without a touch, with a warning at 45 s. Any touch
 * restarts the count. Timers come from the global setTimeout so tests drive them with fake timers.
 */
export const IDLE_WARNING_MS = 45_000
export const IDLE_END_MS = 60_000

export interface IdleTimer {
  /** Starts (or restarts) the count: called on every touch, key press and screen change. */
  touch(): void
  stop(): void
  readonly running: boolean
}

export function createIdleTimer(onWarning: () => void, onTimeout: () => void, warnAfterMs = IDLE_WARNING_MS, endAfterMs = IDLE_END_MS): IdleTimer {
  let warning: ReturnType<typeof setTimeout> | undefined
  let end: ReturnType<typeof setTimeout> | undefined
  let running = false

  function clear() {
    if (warning !== undefined) clearTimeout(warning)
    if (end !== undefined) clearTimeout(end)
    warning = end = undefined
  }

  return {
    touch() {
      clear()
      running = true
      warning = setTimeout(onWarning, warnAfterMs)
      end = setTimeout(() => {
        clear()
        running = false
        onTimeout()
      }, endAfterMs)
    },
    stop() {
      clear()
      running = false
    },
    get running() {
      return running
    },
  }
}
