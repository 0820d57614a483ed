import { api, ApiError } from '../../api/client'
import type { components } from '../../api/schema'
import type {
  CaseAuditEntry,
  CaseCounts,
  CaseDto,
  CasePage,
  DepartmentHotline,
  FailedMessageDto,
  FailedMessagePage,
  HotlineList,
  ServicePointHotline,
  SmsTemplateDto,
  SmsTemplateList,
  SubmitCaseRequest,
  UploadedFile,
} from '../../api/types'
import { ACTION_VERB, type CaseActionKey } from './cases'

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
  return api.get<CasePage>('/api/cases', { query: { ...query }, signal })
}

export function caseCounts(): Promise<CaseCounts> {
  return api.get<CaseCounts>('/api/cases/counts', { silent: true })
}

export function getCase(caseNumber: string, signal?: AbortSignal): Promise<CaseDto> {
  return api.get<CaseDto>(`/api/cases/${enc(caseNumber)}`, { signal, silent: (e) => e.status === 404 })
}

export function getCaseAudit(caseNumber: string): Promise<CaseAuditEntry[]> {
  return api.get<CaseAuditEntry[]>(`/api/cases/${enc(caseNumber)}/audit`)
}

/** Every action answers the whole case. 400s are shown by the dialog next to its fields. */
export function runAction(caseNumber: string, action: CaseActionKey, body: unknown): Promise<CaseDto> {
  return api.post<CaseDto>(`/api/cases/${enc(caseNumber)}/${ACTION_VERB[action]}`, body, { silent: (e) => e.status === 400 })
}

/** 窗口收件: the same Idempotency-Key for every retry of one form files one case. */
export function submitCase(body: SubmitCaseRequest, idempotencyKey: string): Promise<CaseDto> {
  return api.post<CaseDto>('/api/cases', body, { headers: { 'Idempotency-Key': idempotencyKey }, silent: (e) => e.status === 400 })
}

export function uploadFile(file: File): Promise<UploadedFile> {
  const form = new FormData()
  form.append('file', file)
  return api.post<UploadedFile>('/api/files', form)
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
  return api.get<PersonLibrary>(`/api/people/${enc(idNumber)}/materials`, { silent: (e) => e.status === 404 || e.status === 400 })
}

/** Which of the item's requirements the person's library already satisfies. */
export function reusableFor(itemCode: string, idNumber: string): Promise<ReusableMaterials> {
  return api.get<ReusableMaterials>(`/api/items/${enc(itemCode)}/reusable`, { query: { idNumber }, silent: true })
}

export function listSmsTemplates(): Promise<SmsTemplateList> {
  return api.get<SmsTemplateList>('/api/admin/sms-templates')
}

/** Saves a new version; 400s (unknown placeholder, missing hotline) are shown next to the field. */
export function saveSmsTemplate(code: string, body: string): Promise<SmsTemplateDto> {
  return api.put<SmsTemplateDto>(`/api/admin/sms-templates/${enc(code)}`, { body }, { silent: (e) => e.status === 400 })
}

export type SmsTemplatePreview = components['schemas']['SmsTemplatePreview']

/** The draft as it would be sent (sample text, UCS-2 length and parts) and what saving it would refuse; nothing is stored. */
export function previewSmsTemplate(code: string, body: string, signal?: AbortSignal): Promise<SmsTemplatePreview> {
  return api.post<SmsTemplatePreview>(`/api/admin/sms-templates/${enc(code)}/preview`, { body }, { silent: true, signal })
}

export function listFailedSms(page = 1, pageSize = 20): Promise<FailedMessagePage> {
  return api.get<FailedMessagePage>('/api/admin/sms/failed', { query: { page, pageSize } })
}

export function resendSms(id: number): Promise<FailedMessageDto> {
  return api.post<FailedMessageDto>(`/api/admin/sms/${id}/resend`, {})
}

/** Every department's and service point's consultation hotline (admins). */
export function listHotlines(): Promise<HotlineList> {
  return api.get<HotlineList>('/api/admin/hotlines')
}

/** Saves one hotline (null clears it); a 400 naming "hotline" is shown next to the field. */
export function saveHotline(kind: 'departments' | 'service-points', code: string, hotline: string | null): Promise<DepartmentHotline | ServicePointHotline> {
  return api.put<DepartmentHotline | ServicePointHotline>(`/api/admin/hotlines/${kind}/${enc(code)}`, { hotline }, { silent: (e) => e.status === 400 })
}
