import { parseProblem } from '../../api/problem'

/** The admin device page's calls (API.md § Kiosks), with the staff cookie. Plain fetch until the kiosk endpoints are in schema.d.ts. */

export interface KioskDevice {
  code: string
  name: string
  locationName: string
  locationKind: string
  online: boolean
  lastHeartbeatAt: string | null
  faults: string[]
  applicationsToday: number
}

export interface EnrolmentCode {
  enrolmentCode: string
  expiresAt: string
}

async function staffCall<T>(method: string, path: string): Promise<T> {
  const res = await globalThis.fetch(path, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    // The server refuses cookie-authenticated changes without X-Tongban-Client (CSRF defence).
    headers: { Accept: 'application/json, application/problem+json', 'X-Tongban-Client': 'web', 'X-Tongban-Actor': 'staff' },
  })
  const text = res.status === 204 ? '' : await res.text()
  let body: unknown = undefined
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = text
  }
  if (!res.ok) throw parseProblem(res.status, body, res.statusText || String(res.status))
  return body as T
}

export async function listKiosks(): Promise<KioskDevice[]> {
  const res = await staffCall<KioskDevice[] | { items: KioskDevice[] }>('GET', '/api/kiosks')
  return Array.isArray(res) ? res : (res?.items ?? [])
}

export const issueEnrolmentCode = (code: string) => staffCall<EnrolmentCode>('POST', `/api/admin/kiosks/${encodeURIComponent(code)}/enrolment`)

export const revokeKiosk = (code: string) => staffCall<void>('DELETE', `/api/admin/kiosks/${encodeURIComponent(code)}/enrolment`)
