import { ApiError, http, unwrap } from '../../api/client'
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

/** The SMS's wording follows the purpose: a login, or an anonymous consultation or complaint. */
export type CodePurpose = 'login' | 'consultation' | 'complaint'

/** Sends the SMS code. 400/423/429 are shown by the login page next to the field. */
export async function requestLoginCode(mobile: string, purpose: CodePurpose = 'login'): Promise<void> {
  await unwrap(http.POST('/api/auth/citizen/otp', { body: { mobile, purpose } }), (e) => [400, 423, 429].includes(e.status))
}

export function citizenLogin(body: CitizenLoginRequest): Promise<CitizenLoginResponse> {
  return unwrap(http.POST('/api/auth/citizen/login', { body }), (e) => [400, 401, 409, 423, 429].includes(e.status))
}

/** Ends the portal session only (the workbench's, if any, stays). */
export async function citizenLogout(): Promise<void> {
  await unwrap(http.POST('/api/auth/citizen/logout'))
}

/** The logged-in citizen from the cookie, or null (401: nobody logged in to the portal). */
export async function currentCitizen(): Promise<CitizenUser | null> {
  try {
    return await unwrap(http.GET('/api/auth/citizen/me'), true)
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
    // Asked without the number on purpose: the answer's status is all this needs.
    await unwrap(http.GET('/api/dev/sms'), true)
    return true
  } catch (e) {
    return e instanceof ApiError && e.status === 400
  }
}

export function getReusable(itemCode: string, signal?: AbortSignal): Promise<ReusableMaterials> {
  return unwrap(http.GET('/api/items/{code}/reusable', { params: { path: { code: itemCode } }, signal }))
}

export function submitApplication(body: SubmitCaseRequest, idempotencyKey: string): Promise<CaseDto> {
  return unwrap(http.POST('/api/cases', { body, headers: { 'Idempotency-Key': idempotencyKey } }), (e) => e.status === 400)
}

export function listMyCases(page: number, pageSize: number, signal?: AbortSignal): Promise<MyCasePage> {
  return unwrap(http.GET('/api/me/cases', { params: { query: { page, pageSize } }, signal }))
}

export function getMyCase(caseNumber: string): Promise<CaseDto> {
  return unwrap(http.GET('/api/cases/{caseNumber}', { params: { path: { caseNumber } } }), (e) => e.status === 404)
}

export function supplementCase(caseNumber: string, materials: MaterialInput[]): Promise<CaseDto> {
  return unwrap(http.POST('/api/cases/{caseNumber}/supplement', { params: { path: { caseNumber } }, body: { materials } }), (e) => e.status === 400)
}

export function withdrawCase(caseNumber: string, reason: string): Promise<CaseDto> {
  return unwrap(http.POST('/api/cases/{caseNumber}/withdraw', { params: { path: { caseNumber } }, body: { reason } }), (e) => e.status === 400)
}

export function listMyMaterials(page: number, pageSize: number, signal?: AbortSignal): Promise<LibraryPage> {
  return unwrap(http.GET('/api/me/materials', { params: { query: { page, pageSize } }, signal }))
}

export function listDrafts(): Promise<Draft[]> {
  return unwrap(http.GET('/api/me/drafts'))
}

export function getDraft(id: string): Promise<Draft> {
  return unwrap(http.GET('/api/me/drafts/{id}', { params: { path: { id } } }), (e) => e.status === 404)
}

export function saveDraft(id: string, body: SaveDraftRequest): Promise<Draft> {
  return unwrap(http.PUT('/api/me/drafts/{id}', { params: { path: { id } }, body }))
}

export async function deleteDraft(id: string): Promise<void> {
  await unwrap(http.DELETE('/api/me/drafts/{id}', { params: { path: { id } } }))
}

export const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`

/** 好差评: 201 with the evaluation; 400 (a field) and 409 (already rated, not finished) are shown on the page. */
export function evaluateCase(caseNumber: string, body: EvaluateCaseRequest): Promise<EvaluationDto> {
  return unwrap(
    http.POST('/api/me/cases/{caseNumber}/evaluation', { params: { path: { caseNumber } }, body }),
    (e) => e.status === 400 || e.status === 409,
  )
}
