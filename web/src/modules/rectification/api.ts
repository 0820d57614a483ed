// 差评整改: the work orders opened by bad ratings, and the steps the department and the supervisor take on them.
import { http, unwrap } from '../../api/client'

type Schemas = import('../../api/schema').components['schemas']
export type RectificationStatus = Schemas['RectificationStatus']
export type RectificationSummary = Schemas['RectificationSummaryDto']
export type RectificationDetail = Schemas['RectificationDetailDto']
export type RectificationPage = Schemas['PagedOfRectificationSummaryDto']

export const STATUSES: RectificationStatus[] = ['open', 'calledBack', 'resolved', 'appealed', 'appealUpheld']

export interface RectificationQuery {
  status?: RectificationStatus
  overdue?: boolean
  reason?: string
  from?: string
  to?: string
  caseNumber?: string
  page?: number
  pageSize?: number
}

export function listRectifications(query: RectificationQuery, signal?: AbortSignal): Promise<RectificationPage> {
  return unwrap(http.GET('/api/rectifications', { params: { query }, signal }))
}

export function getRectification(id: number): Promise<RectificationDetail> {
  return unwrap(http.GET('/api/rectifications/{id}', { params: { path: { id } } }))
}

export type Step = 'callback' | 'resolve' | 'appeal'

/** 400s (an empty note) are shown next to the field by the page. */
export function takeStep(id: number, step: Step, note: string): Promise<RectificationDetail> {
  const options = { params: { path: { id } }, body: { note } }
  const silent = (e: { status: number }) => e.status === 400
  if (step === 'callback') return unwrap(http.POST('/api/rectifications/{id}/callback', options), silent)
  if (step === 'resolve') return unwrap(http.POST('/api/rectifications/{id}/resolve', options), silent)
  return unwrap(http.POST('/api/rectifications/{id}/appeal', options), silent)
}

export function decideAppeal(id: number, upheld: boolean, note: string): Promise<RectificationDetail> {
  return unwrap(http.POST('/api/rectifications/{id}/appeal/decide', { params: { path: { id } }, body: { upheld, note } }), (e) => e.status === 400)
}

export function statusTagType(status: RectificationStatus): 'warning' | 'success' | 'info' | 'danger' | 'primary' {
  return status === 'open' ? 'warning' : status === 'resolved' ? 'success' : status === 'appealed' ? 'primary' : status === 'appealUpheld' ? 'info' : 'primary'
}

export function isOverdue(o: Pick<RectificationSummary, 'callbackOverdue' | 'rectifyOverdue'>): boolean {
  return o.callbackOverdue || o.rectifyOverdue
}
