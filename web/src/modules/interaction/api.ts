import { http, unwrap } from '../../api/client'
import type { components } from '../../api/schema'

type Schemas = components['schemas']
export type CaseProgress = Schemas['PublicCaseProgressDto']
export type Consultation = Schemas['ConsultationDto']
export type ConsultationPage = Schemas['PagedOfConsultationDto']
export type FaqPage = Schemas['PagedOfFaqEntryDto']
export type FaqEntry = Schemas['FaqEntryDto']
export type Complaint = Schemas['ComplaintDto']
export type ComplaintPage = Schemas['PagedOfComplaintDto']
export type OverdueWork = Schemas['OverdueWorkDto']
export type ComplaintKind = 'complaint' | 'suggestion' | 'praise'

/** 404 (wrong code or number) and 429 (too many wrong codes) are shown on the page, not toasted. */
export function queryCase(caseNumber: string, queryCode: string): Promise<CaseProgress> {
  return unwrap(http.GET('/api/public/cases/{caseNumber}', { params: { path: { caseNumber }, query: { queryCode } } }), true)
}

export interface AskBody {
  itemCode?: string
  departmentCode?: string
  question: string
  mobile?: string
  code?: string
}

export function askQuestion(b: AskBody): Promise<{ number: string; dueDate: string }> {
  const body = { itemCode: b.itemCode ?? null, departmentCode: b.departmentCode ?? null, question: b.question, mobile: b.mobile ?? null, code: b.code ?? null }
  return unwrap(http.POST('/api/consultations', { body }), (e) => [400, 401, 423].includes(e.status))
}

export function listFaq(item: string | undefined, q: string | undefined, signal?: AbortSignal): Promise<FaqPage> {
  return unwrap(http.GET('/api/public/faq', { params: { query: { item, q, pageSize: 20 } }, signal }))
}

export function listConsultations(status: string, page: number, pageSize: number, signal?: AbortSignal): Promise<ConsultationPage> {
  return unwrap(http.GET('/api/consultations', { params: { query: { status, page, pageSize } }, signal }))
}

export function answerConsultation(number: string, answer: string, publish: boolean): Promise<Consultation> {
  return unwrap(http.POST('/api/consultations/{number}/answer', { params: { path: { number } }, body: { answer, publish } }))
}

export function listMyConsultations(page: number, pageSize: number): Promise<ConsultationPage> {
  return unwrap(http.GET('/api/me/consultations', { params: { query: { page, pageSize } } }))
}

export function listMyComplaints(page: number, pageSize: number): Promise<ComplaintPage> {
  return unwrap(http.GET('/api/me/complaints', { params: { query: { page, pageSize } } }))
}

export interface ComplaintBody {
  kind: ComplaintKind
  caseNumber?: string
  departmentCode?: string
  text: string
  mobile?: string
  code?: string
}

export function fileComplaint(b: ComplaintBody): Promise<{ number: string }> {
  const body = { kind: b.kind, caseNumber: b.caseNumber ?? null, departmentCode: b.departmentCode ?? null, text: b.text, mobile: b.mobile ?? null, code: b.code ?? null }
  return unwrap(http.POST('/api/complaints', { body }), (e) => [400, 401, 423].includes(e.status))
}

export function listComplaints(status: string, page: number, pageSize: number, signal?: AbortSignal): Promise<ComplaintPage> {
  return unwrap(http.GET('/api/complaints', { params: { query: { status, page, pageSize } }, signal }))
}

export function assignComplaint(number: string, departmentCode: string): Promise<Complaint> {
  return unwrap(http.POST('/api/complaints/{number}/assign', { params: { path: { number } }, body: { departmentCode } }))
}

export function replyComplaint(number: string, reply: string): Promise<Complaint> {
  return unwrap(http.POST('/api/complaints/{number}/reply', { params: { path: { number } }, body: { reply } }))
}

export function closeComplaint(number: string, note?: string): Promise<Complaint> {
  return unwrap(http.POST('/api/complaints/{number}/close', { params: { path: { number } }, body: { note: note ?? null } }))
}

export async function rateReply(number: string, resolved: boolean, token?: string): Promise<void> {
  await unwrap(http.POST('/api/complaints/{number}/satisfaction', { params: { path: { number } }, body: { resolved, token: token ?? null } }))
}

export function listOverdueWork(signal?: AbortSignal): Promise<OverdueWork[]> {
  return unwrap(http.GET('/api/supervision/overdue-work', { signal }))
}
