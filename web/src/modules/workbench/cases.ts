// Pure helpers for the staff workbench: due-date colours, which actions a case offers, dates in
// Asia/Shanghai. Kept free of Vue so they can be unit-tested.
import type { CaseStatus } from '../../api/types'

export type DueTone = 'ok' | 'soon' | 'today' | 'overdue' | 'none'

export interface DueState {
  tone: DueTone
  /** Locale key under workbench.due (ok/soon/today/overdue/none). */
  key: DueTone
  /** Days for the message: remaining days, or overdue days as a positive number. */
  days: number
}

/** ≥3 green, 1–2 amber, 0 orange “今日到期”, <0 red “逾期 N 个工作日”; null: no running clock. */
export function dueState(remaining: number | null | undefined): DueState {
  if (remaining === null || remaining === undefined || Number.isNaN(remaining)) return { tone: 'none', key: 'none', days: 0 }
  if (remaining >= 3) return { tone: 'ok', key: 'ok', days: remaining }
  if (remaining >= 1) return { tone: 'soon', key: 'soon', days: remaining }
  if (remaining === 0) return { tone: 'today', key: 'today', days: 0 }
  return { tone: 'overdue', key: 'overdue', days: -remaining }
}

export type CaseActionKey =
  | 'preReview'
  | 'supplement'
  | 'accept'
  | 'refuse'
  | 'review'
  | 'suspend'
  | 'resume'
  | 'extend'
  | 'complete'
  | 'completeNow'
  | 'deliver'
  | 'withdraw'
  | 'terminate'

const BEFORE_DECISION: CaseStatus[] = ['submitted', 'preReviewing', 'correctionRequested', 'accepted', 'inReview', 'suspended']

/** Mirrors CaseTransitions.AllowedFrom on the server (the server still decides). */
export const ALLOWED_FROM: Record<Exclude<CaseActionKey, 'completeNow'>, CaseStatus[]> = {
  preReview: ['submitted'],
  supplement: ['correctionRequested', 'accepted', 'inReview', 'suspended'],
  accept: ['submitted', 'preReviewing'],
  refuse: ['submitted', 'preReviewing', 'correctionRequested'],
  review: ['accepted', 'inReview'],
  suspend: ['accepted', 'inReview'],
  resume: ['suspended'],
  extend: ['accepted', 'inReview', 'suspended'],
  complete: ['approved', 'rejected'],
  deliver: ['completed'],
  withdraw: BEFORE_DECISION,
  terminate: ['accepted', 'inReview', 'suspended'],
}

export interface CaseForActions {
  status: CaseStatus
  isImmediate: boolean
  currentStep?: string | null
  tolerance?: { fulfilledAt: string | null } | null
}

/**
 * The actions to offer: the status allows them and the user holds a role that may do them
 * (clerk: pre-review/accept/refuse/supplement/withdraw/complete/deliver; reviewer and approver:
 * review/suspend/resume/complete; approver alone: extend and the 审批 step).
 */
export function allowedActions(c: CaseForActions, roles: readonly string[]): CaseActionKey[] {
  const has = (r: string) => roles.some((x) => x.toLowerCase() === r)
  const clerk = has('clerk')
  const approver = has('approver')
  const handler = has('reviewer') || approver
  const from = (a: keyof typeof ALLOWED_FROM) => ALLOWED_FROM[a].includes(c.status)
  const owesTolerance = !!c.tolerance && !c.tolerance.fulfilledAt
  const out: CaseActionKey[] = []
  if (clerk && from('preReview')) out.push('preReview')
  if (clerk && from('supplement') && (c.status === 'correctionRequested' || owesTolerance)) out.push('supplement')
  if (clerk && from('accept')) out.push('accept')
  if (clerk && from('refuse')) out.push('refuse')
  if (from('review') && (c.currentStep === 'approve' ? approver : handler)) out.push('review')
  if (handler && from('suspend')) out.push('suspend')
  if (handler && from('resume')) out.push('resume')
  if (approver && from('extend')) out.push('extend')
  if ((clerk || handler) && from('complete')) out.push('complete')
  if (clerk && c.isImmediate && ['submitted', 'preReviewing', 'accepted'].includes(c.status)) out.push('completeNow')
  if (clerk && from('deliver')) out.push('deliver')
  if ((clerk || handler) && from('terminate') && owesTolerance) out.push('terminate')
  if (clerk && from('withdraw')) out.push('withdraw')
  return out
}

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** An instant shown in Asia/Shanghai as yyyy-MM-dd HH:mm; '' for nothing, the input for garbage. */
export function formatShanghai(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = Object.fromEntries(shanghai.formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** Today's date in Asia/Shanghai as yyyy-MM-dd. */
export function todayShanghai(now: Date = new Date()): string {
  return formatShanghai(now.toISOString()).slice(0, 10)
}

/** A fresh Idempotency-Key (crypto.randomUUID where available). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`
}

/** ProblemDetails field errors keyed by field (first message each), for showing next to inputs. */
export function firstErrors(errors: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(errors)) if (v.length) out[k] = v[0]
  return out
}

/** Closed for good: mirrors CaseView.IsOpen on the server, which counts only the other statuses. */
const CLOSED: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['completed', 'delivered', 'withdrawn', 'terminated', 'notAccepted'])

export function openStatuses(statuses: readonly CaseStatus[]): CaseStatus[] {
  return statuses.filter((s) => !CLOSED.has(s))
}

/** The server caps its tab counts at 10,000 (Paging.CountCap): a capped number reads "10000+", not an exact count. */
export const COUNT_CAP = 10_000

export function formatCount(n: number): string {
  return n >= COUNT_CAP ? `${COUNT_CAP}+` : String(n)
}
