import { shallowRef } from 'vue'
import type { DeviceStatus, IdCardReading, KioskBridge, ScannedPage } from './bridge'

/**
 * The simulated agent for the demo and the tests: the 「放置身份证」 panel lays one of the demo cards on a
 * pretend reader, the scanner returns sample pages, the printer keeps the PDF so the panel can show it.
 * KioskHome offers it only in demo mode; a real kiosk runs its vendor's agent (window.tongbanKiosk).
 */

/** Demo cards with real-format ID numbers and valid check characters (the first two are the test data's people). */
export const demoCards: IdCardReading[] = [
  { idNumber: '11010519491231002X', name: '陈美玲', gender: '女', birthDate: '1949-12-31', address: '北京市朝阳区示例路 1 号', validUntil: undefined, issuer: '北京市公安局朝阳分局' },
  { idNumber: '350505198503150023', name: '林晓华', gender: '女', birthDate: '1985-03-15', address: '福建省泉州市泉港区山腰街道示例村 8 号', validUntil: '2035-06-30', issuer: '泉州市公安局泉港分局' },
  // Expired on purpose: the kiosk refuses it with a spoken and written reason.
  { idNumber: '350505196207080033', name: '黄国栋', gender: '男', birthDate: '1962-07-08', address: '福建省泉州市泉港区南埔镇示例路 3 号', validUntil: '2020-01-31', issuer: '泉州市公安局泉港分局' },
]

/** A small valid one-page PDF with one line of ASCII text: what the simulated scanner "scans". */
export function samplePdf(text: string): Blob {
  const safe = text.replace(/[()\\]/g, '')
  const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new Blob([body], { type: 'application/pdf' })
}

/** An A4-shaped JPEG with one line of text, or null where there is no canvas (jsdom). */
async function sampleJpeg(text: string): Promise<Blob | null> {
  try {
    const canvas = document.createElement('canvas')
    canvas.width = 420
    canvas.height = 594
    const g = canvas.getContext('2d')
    if (!g) return null
    g.fillStyle = '#fff'
    g.fillRect(0, 0, canvas.width, canvas.height)
    g.fillStyle = '#334155'
    g.font = '20px sans-serif'
    g.fillText(text, 32, 60)
    for (let y = 100; y < 560; y += 28) g.fillRect(32, y, 300 + ((y * 7) % 56), 8)
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7))
  } catch {
    return null
  }
}

export interface SimulatedAgent extends KioskBridge {
  placeCard(card: IdCardReading): void
  removeCard(): void
  /** The card on the reader now, if any. */
  readonly cardOnReader: { readonly value: IdCardReading | null }
  /** The PDFs "printed" so far in this page's life (the demo shows the last one). */
  readonly printed: { readonly value: Blob[] }
  setPrinterState(state: DeviceStatus['printer']): void
  /** Empties the output tray: called when a session ends, so the next person finds nothing of the last. */
  clearTray(): void
}

export function createSimulatedAgent(): SimulatedAgent {
  const placed = new Set<(card: IdCardReading) => void>()
  const removed = new Set<() => void>()
  const cardOnReader = shallowRef<IdCardReading | null>(null)
  const printed = shallowRef<Blob[]>([])
  let scans = 0
  let printer: DeviceStatus['printer'] = 'ok'

  return {
    kind: 'simulated',
    cardOnReader,
    printed,
    onCardPlaced(handler) {
      placed.add(handler)
      return () => placed.delete(handler)
    },
    onCardRemoved(handler) {
      removed.add(handler)
      return () => removed.delete(handler)
    },
    placeCard(card) {
      if (cardOnReader.value) this.removeCard()
      cardOnReader.value = card
      for (const h of [...placed]) h(card)
    },
    removeCard() {
      if (!cardOnReader.value) return
      cardOnReader.value = null
      for (const h of [...removed]) h()
    },
    async scan(): Promise<ScannedPage[]> {
      scans++
      // A JPEG page drawn on a canvas where the browser has one (a real scanner's usual output); a PDF page otherwise.
      const jpeg = await sampleJpeg(`Tongban demo scan ${scans}`)
      return [jpeg ? { blob: jpeg, fileName: `scan-${scans}.jpg` } : { blob: samplePdf(`Tongban demo scan ${scans}`), fileName: `scan-${scans}.pdf` }]
    },
    async print(pdf) {
      if (printer === 'paperOut' || printer === 'error') throw new Error('printer unavailable')
      // Only the last few are kept: a receipt names a person, and the demo panel needs just the latest.
      printed.value = [...printed.value.slice(-2), pdf]
    },
    async status() {
      return { printer, scanner: 'ok', cardReader: 'ok', network: 'ok' }
    },
    setPrinterState(state) {
      printer = state
    },
    clearTray() {
      printed.value = []
    },
  }
}
