import { parseProblem } from '../../api/problem'
import type { DeviceStatus, IdCardReading } from './bridge'

/**
 * The kiosk's calls (API.md § Kiosks). The device token goes as a bearer token, the citizen's session token as
 * X-Kiosk-Session next to it; neither is a cookie, so nothing of a person outlives the page's memory. Plain fetch
 * rather than the typed client: the kiosk endpoints are built in parallel and not yet in schema.d.ts.
 */

export const DEVICE_TOKEN_KEY = 'tongban.kiosk.deviceToken'

export interface KioskAuth {
  deviceToken: string
  sessionToken?: string
}

export interface KioskSession {
  sessionToken: string
  expiresAt: string
  person: { name: string; idNumber: string }
}

export interface KioskItem {
  code: string
  name: string
  category?: string | null
  kind?: string | null
  departmentName?: string | null
}

export interface KioskReusableRequirement {
  requirementCode: string
  name: string
  necessity: string
  candidates: { id: number; name?: string; title?: string; fileName?: string }[]
}

export interface KioskReceipt {
  caseNumber: string
  itemName?: string
  promisedDueDate?: string | null
}

function headers(auth: KioskAuth | null, json = true): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json, application/problem+json', 'X-Tongban-Client': 'web' }
  if (json) h['Content-Type'] = 'application/json'
  if (auth) h.Authorization = `Bearer ${auth.deviceToken}`
  if (auth?.sessionToken) h['X-Kiosk-Session'] = auth.sessionToken
  return h
}

async function call<T>(method: string, path: string, auth: KioskAuth | null, body?: unknown, extra?: Record<string, string>): Promise<T> {
  const isForm = body instanceof FormData
  const res = await globalThis.fetch(new URL(path, globalThis.location?.origin ?? 'http://localhost').toString(), {
    method,
    // A person's screens must not be cached anywhere on the kiosk.
    cache: 'no-store',
    headers: { ...headers(auth, body !== undefined && !isForm), ...extra },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  })
  const text = res.status === 204 ? '' : await res.text()
  let parsed: unknown = undefined
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = text
    }
  }
  if (!res.ok) throw parseProblem(res.status, parsed, res.statusText || String(res.status))
  return parsed as T
}

export const enrol = (kioskCode: string, enrolmentCode: string) =>
  call<{ deviceToken: string }>('POST', '/api/kiosk/enrol', null, { kioskCode, enrolmentCode })

export const heartbeat = (auth: KioskAuth, status: DeviceStatus) => call<void>('POST', '/api/kiosk/heartbeat', { deviceToken: auth.deviceToken }, status)

export const startSession = (auth: KioskAuth, card: IdCardReading) => call<KioskSession>('POST', '/api/kiosk/sessions', { deviceToken: auth.deviceToken }, card)

export const endSession = (auth: KioskAuth) => call<void>('DELETE', '/api/kiosk/sessions/current', auth)

export async function searchItems(auth: KioskAuth, q: string, category?: string): Promise<KioskItem[]> {
  const qs = new URLSearchParams()
  if (q) qs.set('q', q)
  if (category) qs.set('category', category)
  const res = await call<KioskItem[] | { items: KioskItem[] }>('GET', `/api/kiosk/items?${qs}`, auth)
  return Array.isArray(res) ? res : (res?.items ?? [])
}

export const reusable = (auth: KioskAuth, itemCode: string) =>
  call<{ requirements: KioskReusableRequirement[] }>('GET', `/api/items/${encodeURIComponent(itemCode)}/reusable`, auth)

export async function upload(auth: KioskAuth, blob: Blob, fileName: string): Promise<{ id: string }> {
  const form = new FormData()
  form.append('file', blob, fileName)
  return call<{ id: string }>('POST', '/api/files', auth, form)
}

export interface KioskMaterial {
  requirementCode: string
  fileId?: string
  libraryMaterialId?: number
}

export const submitCase = (auth: KioskAuth, itemCode: string, materials: KioskMaterial[], idempotencyKey: string) =>
  call<KioskReceipt>('POST', '/api/cases', auth, { itemCode, channel: 'kiosk', materials }, { 'Idempotency-Key': idempotencyKey })

export async function thermalReceipt(auth: KioskAuth, caseNumber: string): Promise<Blob | null> {
  const res = await globalThis.fetch(`/api/cases/${encodeURIComponent(caseNumber)}/receipt.pdf?layout=thermal`, {
    cache: 'no-store',
    headers: headers(auth, false),
  })
  return res.ok ? await res.blob() : null
}
