import type { components } from '../../api/schema'
import { parseProblem } from '../../api/problem'
import type { DeviceStatus, IdCardReading } from './bridge'
import type { ResultDeliveryDto, ResultDeliveryInput, ServicePointDto } from '../cases/resultDelivery'

/**
 * The kiosk's calls (API.md § Kiosks). The device token goes as X-Kiosk-Device, the citizen's session token as
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
  /** the kiosk's own service point: offered first for collecting the result */
  servicePointCode?: string | null
}

export interface KioskItem {
  code: string
  name: string
  departmentName?: string | null
}

/** A 便民服务: shown with its provider, hours and hotline. */
export interface ConvenienceService {
  code: string
  name: string
  provider: string
  kind: string
  category: string
  hours: string
  hotline: string
  runnable: boolean
}

/** A convenience service's answer for the card's person: labelled fields, and a PDF for a print service. */
export interface ConvenienceRun {
  code: string
  name: string
  provider: string
  kind: string
  isDemo: boolean
  fields: { label: string; value: string }[]
  pdfBase64?: string | null
}

/** A tile of the choose screen: a 主题 of items or a category of convenience services. */
export interface KioskCategory {
  code: string
  name: string
  kind: string
  count: number
}

export interface KioskOffer {
  items: KioskItem[]
  services: ConvenienceService[]
  categories: KioskCategory[]
}

export interface KioskReusableRequirement {
  requirementCode: string
  name: string
  necessity: string
  materialTypeCode?: string | null
  candidates: { id: number; name?: string; title?: string; fileName?: string }[]
}

export interface KioskReceipt {
  caseNumber: string
  itemName?: string
  promisedDueDate?: string | null
  resultDelivery?: ResultDeliveryDto | null
}

function headers(auth: KioskAuth | null, json = true): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json, application/problem+json', 'X-Tongban-Client': 'web' }
  if (json) h['Content-Type'] = 'application/json'
  if (auth) h['X-Kiosk-Device'] = auth.deviceToken
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

/** The card as the reader read it: the server checks it (birth dates reach back to 1900). */
export const startSession = (auth: KioskAuth, card: IdCardReading) =>
  call<KioskSession>('POST', '/api/kiosk/sessions', { deviceToken: auth.deviceToken }, card)

export const endSession = (auth: KioskAuth) => call<void>('DELETE', '/api/kiosk/sessions/current', auth)

export async function searchItems(auth: KioskAuth, q: string, category?: string): Promise<KioskOffer> {
  const qs = new URLSearchParams()
  if (q) qs.set('q', q)
  if (category) qs.set('category', category)
  qs.set('pageSize', '50')
  const res = await call<{ items: { items: KioskItem[] }; services?: ConvenienceService[]; categories?: KioskCategory[] }>('GET', `/api/kiosk/items?${qs}`, auth)
  return { items: res?.items?.items ?? [], services: res?.services ?? [], categories: res?.categories ?? [] }
}

export const runService = (auth: KioskAuth, code: string) =>
  call<ConvenienceRun>('POST', `/api/kiosk/services/${encodeURIComponent(code)}/run`, auth)

export const reusable = (auth: KioskAuth, itemCode: string) =>
  call<{ requirements: KioskReusableRequirement[] }>('GET', `/api/items/${encodeURIComponent(itemCode)}/reusable`, auth)

/** What the guide tells a person before applying: the time limit, the fee and how to bring each material. */
export interface KioskGuide {
  caseKind: string
  promisedLimit: { value: number; unit: string } | null
  fees: { charged: boolean; description?: string | null }
  materials: { code: string; notes?: string | null }[]
}

export const guide = (auth: KioskAuth, itemCode: string) => call<KioskGuide>('GET', `/api/items/${encodeURIComponent(itemCode)}`, auth)

/** The card on the reader as the 居民身份证 material (a PDF the server makes from the chip's reading). */
export const cardReading = (auth: KioskAuth) => call<{ fileId: string }>('POST', '/api/kiosk/sessions/current/card-reading', auth)

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

/** The applicant is the card's person (the server takes name and ID from the session); only the mobile for SMS is typed. */
export const submitCase = (auth: KioskAuth, itemCode: string, mobile: string, materials: KioskMaterial[], idempotencyKey: string, resultDelivery?: ResultDeliveryInput) =>
  call<KioskReceipt>('POST', '/api/cases', auth, { itemCode, channel: 'kiosk', applicant: mobile ? { mobile } : null, materials, resultDelivery }, { 'Idempotency-Key': idempotencyKey })

/** The service points (public reference data): where a result can be collected, and the district's towns for an address. */
export const servicePoints = (auth: KioskAuth) => call<ServicePointDto[]>('GET', '/api/service-points', auth)

export async function thermalReceipt(auth: KioskAuth, caseNumber: string): Promise<Blob | null> {
  const res = await globalThis.fetch(`/api/cases/${encodeURIComponent(caseNumber)}/receipt.pdf?layout=thermal`, {
    cache: 'no-store',
    headers: headers(auth, false),
  })
  return res.ok ? await res.blob() : null
}

export type KioskCertificateSummary = components['schemas']['CertificateSummaryDto']
export type KioskCertificate = components['schemas']['CertificateDto']

/** 我的证照 at the kiosk: the card's person's certificates (the session sees only its own person's). */
export const myCertificates = (auth: KioskAuth) => call<KioskCertificateSummary[]>('GET', '/api/me/certificates', auth)

export const certificate = (auth: KioskAuth, id: string) => call<KioskCertificate>('GET', `/api/certificates/${encodeURIComponent(id)}`, auth)

/** The sealed PDF, to hand to the kiosk's printer; never cached on the device. */
export async function certificatePdf(auth: KioskAuth, id: string): Promise<Blob | null> {
  const res = await globalThis.fetch(`/api/certificates/${encodeURIComponent(id)}/file.pdf`, { cache: 'no-store', headers: headers(auth, false) })
  return res.ok ? await res.blob() : null
}
