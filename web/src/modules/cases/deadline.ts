// When a case will be done, in one sentence per kind and moment, shared by the online receipt and the applicant's
// case page so they never contradict each other: a 即办件 is done on the spot once accepted; a 承诺件's limit counts
// from the day after acceptance, so before acceptance there is a limit and no date, after it a date.
import type { CaseDto, TimeLimit } from '../../api/types'
import type { Translator } from '../../i18n'
import { formatLimit } from '../catalog/format'

export type DeadlineKind = 'immediatePending' | 'immediateAccepted' | 'promisedPending' | 'promisedDue'

export interface CaseDeadline {
  kind: DeadlineKind
  /** The label of the fact (办结时限, 承诺时限, 承诺办结日期). */
  label: string
  /** The sentence. */
  text: string
  /** The promised due date once there is one. */
  date: string | null
}

type DeadlineFacts = Pick<CaseDto, 'isImmediate' | 'acceptedAt' | 'promisedDueDate' | 'preReviewDueDate'>

export function deadlineKind(c: DeadlineFacts): DeadlineKind {
  if (c.isImmediate) return c.acceptedAt ? 'immediateAccepted' : 'immediatePending'
  return c.promisedDueDate ? 'promisedDue' : 'promisedPending'
}

/** The case's deadline; <paramref name="limit"/> is the item's promised limit, when known, for a 承诺件 not yet accepted. */
export function caseDeadline(tr: Translator, c: DeadlineFacts, limit?: TimeLimit | null): CaseDeadline {
  const kind = deadlineKind(c)
  const date = c.promisedDueDate ?? null
  const label = tr.t(`caseDeadline.label.${kind}`, {})
  switch (kind) {
    case 'immediatePending':
      return { kind, label, text: tr.t('caseDeadline.immediatePending', {}), date }
    case 'immediateAccepted':
      return { kind, label, text: tr.t('caseDeadline.immediateAccepted', {}), date }
    case 'promisedDue':
      return { kind, label, text: tr.t('caseDeadline.promisedDue', { date: date ?? '' }), date }
    case 'promisedPending':
      return {
        kind,
        label,
        text: limit && typeof limit.value === 'number' && limit.value > 0
          ? tr.t('caseDeadline.promisedPending', { limit: formatLimit(tr, limit, 'promised') })
          : tr.t('caseDeadline.promisedPendingNoLimit', {}),
        date,
      }
  }
}

/** What happens next, right after an application: pre-review, then acceptance — and for a 即办件 completion at once. */
export function nextAfterSubmission(tr: Translator, c: DeadlineFacts): string {
  const then = tr.t(c.isImmediate ? 'caseDeadline.thenImmediate' : 'caseDeadline.thenPromised', {})
  return c.preReviewDueDate
    ? tr.t('caseDeadline.preReviewBy', { date: c.preReviewDueDate, then })
    : tr.t('caseDeadline.preReviewSoon', { then })
}
