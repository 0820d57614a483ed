import { ApiError, http, unwrap } from '../../api/client'
import type { components } from '../../api/schema'
import type {
  AcceptCaseRequest,
  CaseAuditEntry,
  CaseCounts,
  CaseDto,
  CasePage,
  CompleteCaseRequest,
  DeliverCaseRequest,
  ExtendCaseRequest,
  DepartmentHotline,
  FailedMessageDto,
  FailedMessagePage,
  HotlineList,
  PreReviewCaseRequest,
  ReasonRequest,
  ResumeCaseRequest,
  ReviewCaseRequest,
  ServicePointHotline,
  SmsTemplateDto,
  SmsTemplateList,
  SubmitCaseRequest,
  SupplementCaseRequest,
  SuspendCaseRequest,
  UploadedFile,
} from '../../api/types'
import type { CaseActionKey } from './cases'

export type QueueView = 'todo' | 'done' | 'all'

export interface CaseQuery {
  view: QueueView
  status?: string
  q?: string
  page?: number
  pageSize?: number
}

const enc = encodeURIComponent

export function listCases(query: CaseQuery, signal?: AbortSignal): Promise<CasePage> {
  return unwrap(http.GET('/api/cases', { params: { query }, signal }))
}

export function caseCounts(): Promise<CaseCounts> {
  return unwrap(http.GET('/api/cases/counts'), true)
}

export function getCase(caseNumber: string, signal?: AbortSignal): Promise<CaseDto> {
  return unwrap(http.GET('/api/cases/{caseNumber}', { params: { path: { caseNumber } }, signal }), (e) => e.status === 404)
}

export function getCaseAudit(caseNumber: string): Promise<CaseAuditEntry[]> {
  return unwrap(http.GET('/api/cases/{caseNumber}/audit', { params: { path: { caseNumber } } }))
}

const silent400 = (e: ApiError) => e.status === 400

/** What each action posts (completeNow is 办结 right at the window: the same request as complete). */
export interface CaseActionBodies {
  preReview: PreReviewCaseRequest
  supplement: SupplementCaseRequest
  accept: AcceptCaseRequest
  refuse: ReasonRequest
  review: ReviewCaseRequest
  suspend: SuspendCaseRequest
  resume: ResumeCaseRequest
  extend: ExtendCaseRequest
  complete: CompleteCaseRequest
  completeNow: CompleteCaseRequest
  deliver: DeliverCaseRequest
  withdraw: ReasonRequest
  terminate: ReasonRequest
}

type ActionCall<K extends CaseActionKey> = (caseNumber: string, body: CaseActionBodies[K]) => Promise<CaseDto>

/**
 * One typed call per action (POST /api/cases/{no}/{verb}): the path and the body are checked against the server's
 * document. Every action answers the whole case; 400s are shown by the action's form next to its fields.
 */
export const caseActions: { [K in CaseActionKey]: ActionCall<K> } = {
  preReview: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/pre-review', { params: { path: { caseNumber } }, body }), silent400),
  supplement: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/supplement', { params: { path: { caseNumber } }, body }), silent400),
  accept: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/accept', { params: { path: { caseNumber } }, body }), silent400),
  refuse: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/refuse', { params: { path: { caseNumber } }, body }), silent400),
  review: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/review', { params: { path: { caseNumber } }, body }), silent400),
  suspend: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/suspend', { params: { path: { caseNumber } }, body }), silent400),
  resume: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/resume', { params: { path: { caseNumber } }, body }), silent400),
  extend: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/extend', { params: { path: { caseNumber } }, body }), silent400),
  complete: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/complete', { params: { path: { caseNumber } }, body }), silent400),
  completeNow: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/complete', { params: { path: { caseNumber } }, body }), silent400),
  deliver: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/deliver', { params: { path: { caseNumber } }, body }), silent400),
  withdraw: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/withdraw', { params: { path: { caseNumber } }, body }), silent400),
  terminate: (caseNumber, body) => unwrap(http.POST('/api/cases/{caseNumber}/terminate', { params: { path: { caseNumber } }, body }), silent400),
}

export function runAction<K extends CaseActionKey>(caseNumber: string, action: K, body: CaseActionBodies[K]): Promise<CaseDto> {
  return (caseActions[action] as ActionCall<K>)(caseNumber, body)
}

/** 窗口收件: the same Idempotency-Key for every retry of one form files one case. */
export function submitCase(body: SubmitCaseRequest, idempotencyKey: string): Promise<CaseDto> {
  return unwrap(http.POST('/api/cases', { body, headers: { 'Idempotency-Key': idempotencyKey } }), (e) => e.status === 400)
}

export function uploadFile(file: File): Promise<UploadedFile> {
  return unwrap(
    http.POST('/api/files', {
      // openapi-typescript types a binary field as string; the serializer below sends the File as multipart.
      body: { file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData()
        form.append('file', file)
        return form
      },
    }),
  )
}

export const fileUrl = (id: string) => `/api/files/${enc(id)}`
export const correctionPdfUrl = (no: string, sequence: number) => `/api/cases/${enc(no)}/correction-notices/${sequence}/pdf`
export const acceptanceNoticeUrl = (no: string) => `/api/cases/${enc(no)}/acceptance-notice/pdf`

/** Fetches a file for an in-page preview; the caller revokes the object URL. */
export async function fetchBlob(url: string): Promise<{ url: string; type: string }> {
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok) throw new ApiError(res.status, res.statusText || String(res.status))
  const blob = await res.blob()
  return { url: URL.createObjectURL(blob), type: blob.type || res.headers.get('content-type') || '' }
}

export type PersonLibrary = components['schemas']['PersonLibraryDto']
export type ReusableMaterials = components['schemas']['ReusableMaterialsDto']
export type LibraryMaterial = components['schemas']['LibraryMaterialDto']

/** 窗口调阅: the person behind an ID number and their library. Audited; the owner gets an SMS. 404 = never seen. */
export function lookUpPerson(idNumber: string): Promise<PersonLibrary> {
  return unwrap(http.GET('/api/people/{idNumber}/materials', { params: { path: { idNumber } } }), (e) => e.status === 404 || e.status === 400)
}

/** Which of the item's requirements the person's library already satisfies. */
export function reusableFor(itemCode: string, idNumber: string): Promise<ReusableMaterials> {
  return unwrap(http.GET('/api/items/{code}/reusable', { params: { path: { code: itemCode }, query: { idNumber } } }), true)
}

export function listSmsTemplates(): Promise<SmsTemplateList> {
  return unwrap(http.GET('/api/admin/sms-templates'))
}

/** Saves a new version; 400s (unknown placeholder, missing hotline) are shown next to the field. */
export function saveSmsTemplate(code: string, body: string): Promise<SmsTemplateDto> {
  return unwrap(http.PUT('/api/admin/sms-templates/{code}', { params: { path: { code } }, body: { body } }), (e) => e.status === 400)
}

export type SmsTemplatePreview = components['schemas']['SmsTemplatePreview']

/** The draft as it would be sent (sample text, UCS-2 length and parts) and what saving it would refuse; nothing is stored. */
export function previewSmsTemplate(code: string, body: string, signal?: AbortSignal): Promise<SmsTemplatePreview> {
  return unwrap(http.POST('/api/admin/sms-templates/{code}/preview', { params: { path: { code } }, body: { body }, signal }), true)
}

export function listFailedSms(page = 1, pageSize = 20): Promise<FailedMessagePage> {
  return unwrap(http.GET('/api/admin/sms/failed', { params: { query: { page, pageSize } } }))
}

export function resendSms(id: number): Promise<FailedMessageDto> {
  return unwrap(http.POST('/api/admin/sms/{id}/resend', { params: { path: { id } } }))
}

/** Every department's and service point's consultation hotline (admins). */
export function listHotlines(): Promise<HotlineList> {
  return unwrap(http.GET('/api/admin/hotlines'))
}

/** Saves one hotline (null clears it); a 400 naming "hotline" is shown next to the field. */
export function saveHotline(kind: 'departments' | 'service-points', code: string, hotline: string | null): Promise<DepartmentHotline | ServicePointHotline> {
  const silent = (e: ApiError) => e.status === 400
  return kind === 'departments'
    ? unwrap(http.PUT('/api/admin/hotlines/departments/{code}', { params: { path: { code } }, body: { hotline } }), silent)
    : unwrap(http.PUT('/api/admin/hotlines/service-points/{code}', { params: { path: { code } }, body: { hotline } }), silent)
}
