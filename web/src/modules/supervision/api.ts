import { http, unwrap } from '../../api/client'
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
  return unwrap(http.GET('/api/supervision/alerts', { params: { query }, signal }))
}

export function alertSummary(): Promise<AlertSummary> {
  return unwrap(http.GET('/api/supervision/summary'))
}

/** 督办. 400s are shown next to the field by the dialog. */
export function sendDirective(alertId: number, text: string): Promise<DirectiveDto> {
  return unwrap(http.POST('/api/supervision/alerts/{id}/directives', { params: { path: { id: alertId } }, body: { text, deadline: null } }), (e) => e.status === 400)
}

export function answerDirective(directiveId: number, answer: string): Promise<DirectiveDto> {
  return unwrap(http.POST('/api/supervision/directives/{id}/answer', { params: { path: { id: directiveId } }, body: { answer } }), (e) => e.status === 400)
}

export const LEVELS: AlertLevel[] = ['yellow', 'red', 'critical']

export function levelTagType(level: string): 'warning' | 'danger' | 'info' {
  return level === 'yellow' ? 'warning' : level === 'red' || level === 'critical' ? 'danger' : 'info'
}

/** 督办 is the supervisor's alone (not an administrator's, not the department approver's): separation of duties, ADR 0011. */
export function mayDirect(roles: readonly string[] | null | undefined): boolean {
  return !!roles && roles.some((r) => r.toLowerCase() === 'supervisor')
}

/**
 * Whether to offer answering a directive on a case: handling staff (clerk, reviewer, approver) of its department or
 * receiving point. The server has the last word (window rules are the clerks', and a sender never answers their own).
 */
export function mayAnswer(user: { roles: readonly string[]; departmentCode?: string | null; servicePointCode?: string | null } | null | undefined,
  c: { departmentCode: string; servicePointCode: string }): boolean {
  if (!user || !user.roles.some((r) => ['clerk', 'reviewer', 'approver'].includes(r.toLowerCase()))) return false
  return user.departmentCode === c.departmentCode || user.servicePointCode === c.servicePointCode
}
