/**
 * The hardware bridge: the one interface through which the kiosk page reaches the ID-card reader (二代证阅读器),
 * the document scanner and the receipt printer. A vendor's local agent installs it as `window.tongbanKiosk`
 * (docs/kiosk.md § Hardware bridge); in demo mode only, the simulated agent (simulatedAgent.ts) stands in.
 */

/** The fields an ID-card reader returns; the body of POST /api/kiosk/sessions. */
export interface IdCardReading {
  idNumber: string
  name: string
  gender?: string
  /** yyyy-MM-dd */
  birthDate?: string
  address?: string
  /** yyyy-MM-dd, or absent for a card valid for life (长期) */
  validUntil?: string
  issuer?: string
}

export type DeviceState = 'ok' | 'paperLow' | 'paperOut' | 'error'

/** The heartbeat body (POST /api/kiosk/heartbeat). */
export interface DeviceStatus {
  printer: DeviceState
  scanner: DeviceState
  cardReader: DeviceState
  network: DeviceState
}

/** One scanned page or document: image/jpeg or application/pdf. */
export interface ScannedPage {
  blob: Blob
  fileName: string
}

export interface KioskBridge {
  /** Shown in the device page's faults and the heartbeat; 'simulated' for the demo agent. */
  readonly kind: 'vendor' | 'simulated'
  /** Called when a card is laid on the reader; returns a function that unsubscribes. */
  onCardPlaced(handler: (card: IdCardReading) => void): () => void
  /** Called when the card is taken away: the page ends the session at once. */
  onCardRemoved(handler: () => void): () => void
  /** Scans what lies on the glass; resolves with the pages (one or more), rejects when the scanner fails. */
  scan(): Promise<ScannedPage[]>
  /** Prints a PDF (the 80 mm thermal receipt); resolves when the printer accepted it. */
  print(pdf: Blob): Promise<void>
  /** The devices' current state, sent with every heartbeat. */
  status(): Promise<DeviceStatus>
}

declare global {
  interface Window {
    tongbanKiosk?: KioskBridge
  }
}

/** The vendor's agent if one is installed; otherwise the given fallback (the simulated agent in demo mode), else none. */
export function resolveBridge(fallback: () => KioskBridge | null): KioskBridge | null {
  const installed = globalThis.window?.tongbanKiosk
  if (installed && typeof installed.onCardPlaced === 'function') return installed
  return fallback()
}

/** GB 11643 check character of an 18-digit resident ID number, for the demo cards and a quick local check. */
export function idCheckCharacter(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!
  return '10X98765432'[sum % 11]!
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckCharacter(id.slice(0, 17)) === id[17]
}
