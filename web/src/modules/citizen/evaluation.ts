// 好差评 on the citizen's case page: which cases can be rated, what the form needs, and the request it sends.
// The server checks the same rules (EvaluateCase.cs); checking here first names the field before a round trip.
import type { BadRatingReason, CaseStatus, EvaluateCaseRequest, EvaluationDto } from '../../api/types'

/** 5 非常满意 … 1 非常不满意, best first as the form shows them. */
export const LEVELS = [5, 4, 3, 2, 1] as const

/** The fixed list of 差评 reasons, in the server's order (BadRatingReason). */
export const BAD_REASONS: readonly BadRatingReason[] = [
  'guideUnclear', 'longWait', 'poorAttitude', 'multipleVisits', 'overdue', 'duplicateMaterials', 'unprofessional', 'hardToUse', 'other',
]

export const MAX_COMMENT = 500

export interface EvaluationForm {
  level: number | null
  reasons: BadRatingReason[]
  comment: string
}

/** Levels 1–2 are 差评: they need at least one reason. */
export function isBad(level: number | null): boolean {
  return level === 1 || level === 2
}

/** A case is rated once (一事一评), once its outcome is known. */
export function canEvaluate(status: CaseStatus, evaluation: EvaluationDto | null | undefined): boolean {
  return !evaluation && (status === 'completed' || status === 'delivered' || status === 'notAccepted')
}

/** What is wrong with the form, as i18n keys under citizen.evaluation.errors, by field. */
export function evaluationErrors(form: EvaluationForm): Partial<Record<'level' | 'reasons' | 'comment', string>> {
  const errors: Partial<Record<'level' | 'reasons' | 'comment', string>> = {}
  if (form.level === null || form.level < 1 || form.level > 5) errors.level = 'levelRequired'
  else if (isBad(form.level) && form.reasons.length === 0) errors.reasons = 'reasonRequired'
  const comment = form.comment.trim()
  if (comment.length > MAX_COMMENT) errors.comment = 'commentTooLong'
  else if (isBad(form.level) && form.reasons.includes('other') && !comment) errors.comment = 'commentRequired'
  return errors
}

/** The request body: reasons only with a bad rating (a level changed from 2 to 5 drops the chips chosen before). */
export function evaluationRequest(form: EvaluationForm, onPhone: boolean): EvaluateCaseRequest {
  const comment = form.comment.trim()
  return {
    level: form.level,
    reasons: isBad(form.level) ? BAD_REASONS.filter((r) => form.reasons.includes(r)) : [],
    comment: comment || null,
    channel: onPhone ? 'mobile' : 'online',
  }
}
