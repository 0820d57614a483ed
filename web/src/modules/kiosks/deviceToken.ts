import { DEVICE_TOKEN_KEY } from './api'

/**
 * The device credential lives in localStorage: it is the kiosk's, not a person's, and must survive a restart.
 * Nothing else of the kiosk page is stored.
 */
export function readDeviceToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(DEVICE_TOKEN_KEY) ?? null
  } catch {
    return null
  }
}

export function saveDeviceToken(token: string): void {
  globalThis.localStorage?.setItem(DEVICE_TOKEN_KEY, token)
}

export function forgetDeviceToken(): void {
  try {
    globalThis.localStorage?.removeItem(DEVICE_TOKEN_KEY)
  } catch {
    /* already gone */
  }
}
