import { api } from '../../api/client'
import type { AlertPage, AlertSummary, DirectiveDto } from '../../api/types'

export type AlertLevel = 'yellow' | 'red' | 'critical'
export type AlertStatus = 'open' | 'resolved' | 'all'

export interface AlertQuery {
  level?: AlertLevel
  department?: string
  status?: AlertStatus
  caseNumber?: string
  page?: number
  pageSize?: number
}

export function listAlerts(query: AlertQuery, signal?: AbortSignal): Promise<AlertPage> {
  return api.get<AlertPage>('/api/supervision/alerts', { query: { ...query }, signal })
}

export function alertSummary(): Promise<AlertSummary> {
  return api.get<AlertSummary>('/api/supervision/summary')
}

/** 督办. 400s are shown next to the field by the dialog. */
export function sendDirective(alertId: number, text: string): Promise<DirectiveDto> {
  return api.post<DirectiveDto>(`/api/supervision/alerts/${alertId}/directives`, { text }, { silent: (e) => e.status === 400 })
}

export function answerDirective(directiveId: number, answer: string): Promise<DirectiveDto> {
  return api.post<DirectiveDto>(`/api/supervision/directives/${directiveId}/answer`, { answer }, { silent: (e) => e.status === 400 })
}

export const LEVELS: AlertLevel[] = ['yellow', 'red', 'critical']

export function levelTagType(level: string): 'warning' | 'danger' | 'info' {
  return level === 'yellow' ? 'warning' : level === 'red' || level === 'critical' ? 'danger' : 'info'
}
