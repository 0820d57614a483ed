import { api, ApiError } from '../../api/client'
import type {
  CaseDto,
  CitizenLoginRequest,
  CitizenLoginResponse,
  CitizenUser,
  Draft,
  EvaluateCaseRequest,
  EvaluationDto,
  LibraryPage,
  MaterialInput,
  MyCasePage,
  ReusableMaterials,
  SaveDraftRequest,
  SubmitCaseRequest,
} from '../../api/types'

const enc = encodeURIComponent

/** Sends the SMS code. 400/423/429 are shown by the login page next to the field. */
export function requestLoginCode(mobile: string): Promise<void> {
  return api.post<void>('/api/auth/citizen/otp', { mobile }, { silent: (e) => [400, 423, 429].includes(e.status) })
}

export function citizenLogin(body: CitizenLoginRequest): Promise<CitizenLoginResponse> {
  return api.post<CitizenLoginResponse>('/api/auth/citizen/login', body, { silent: (e) => [400, 401, 409, 423, 429].includes(e.status) })
}

/** Ends the portal session only (the workbench's, if any, stays). */
export function citizenLogout(): Promise<void> {
  return api.post<void>('/api/auth/citizen/logout')
}

/** The logged-in citizen from the cookie, or null (401: nobody logged in to the portal). */
export async function currentCitizen(): Promise<CitizenUser | null> {
  try {
    return await api.get<CitizenUser>('/api/auth/citizen/me', { silent: true })
  } catch (e) {
    if (e instanceof ApiError) return null
    throw e
  }
}

/**
 * Demo mode has GET /api/dev/sms (it answers 400 without a number); elsewhere it is 404. The login
 * page uses this to show where demo codes can be read.
 */
export async function isDemoSmsAvailable(): Promise<boolean> {
  try {
    await api.get('/api/dev/sms', { silent: true })
    return true
  } catch (e) {
    return e instanceof ApiError && e.status === 400
  }
}

export function getReusable(itemCode: string, signal?: AbortSignal): Promise<ReusableMaterials> {
  return api.get<ReusableMaterials>(`/api/items/${enc(itemCode)}/reusable`, { signal })
}

export function submitApplication(body: SubmitCaseRequest, idempotencyKey: string): Promise<CaseDto> {
  return api.post<CaseDto>('/api/cases', body, { headers: { 'Idempotency-Key': idempotencyKey }, silent: (e) => e.status === 400 })
}

export function listMyCases(page: number, pageSize: number, signal?: AbortSignal): Promise<MyCasePage> {
  return api.get<MyCasePage>('/api/me/cases', { query: { page, pageSize }, signal })
}

export function getMyCase(caseNumber: string): Promise<CaseDto> {
  return api.get<CaseDto>(`/api/cases/${enc(caseNumber)}`, { silent: (e) => e.status === 404 })
}

export function supplementCase(caseNumber: string, materials: MaterialInput[]): Promise<CaseDto> {
  return api.post<CaseDto>(`/api/cases/${enc(caseNumber)}/supplement`, { materials }, { silent: (e) => e.status === 400 })
}

export function withdrawCase(caseNumber: string, reason: string): Promise<CaseDto> {
  return api.post<CaseDto>(`/api/cases/${enc(caseNumber)}/withdraw`, { reason }, { silent: (e) => e.status === 400 })
}

export function listMyMaterials(page: number, pageSize: number, signal?: AbortSignal): Promise<LibraryPage> {
  return api.get<LibraryPage>('/api/me/materials', { query: { page, pageSize }, signal })
}

export function listDrafts(): Promise<Draft[]> {
  return api.get<Draft[]>('/api/me/drafts')
}

export function getDraft(id: string): Promise<Draft> {
  return api.get<Draft>(`/api/me/drafts/${enc(id)}`, { silent: (e) => e.status === 404 })
}

export function saveDraft(id: string, body: SaveDraftRequest): Promise<Draft> {
  return api.put<Draft>(`/api/me/drafts/${enc(id)}`, body)
}

export function deleteDraft(id: string): Promise<void> {
  return api.delete<void>(`/api/me/drafts/${enc(id)}`)
}

export const fileUrl = (id: string) => `/api/files/${enc(id)}`

/** 好差评: 201 with the evaluation; 400 (a field) and 409 (already rated, not finished) are shown on the page. */
export function evaluateCase(caseNumber: string, body: EvaluateCaseRequest): Promise<EvaluationDto> {
  return api.post<EvaluationDto>(`/api/me/cases/${enc(caseNumber)}/evaluation`, body, { silent: (e) => e.status === 400 || e.status === 409 })
}
