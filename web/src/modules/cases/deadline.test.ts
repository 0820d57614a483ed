import { beforeEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../i18n'
import { caseDeadline, nextAfterSubmission } from './deadline'

const tr = i18n.global
const tenDays = { value: 10, unit: 'workingDay' } as const
const submitted = { acceptedAt: null, promisedDueDate: null, preReviewDueDate: '2026-12-14' }
const accepted = { acceptedAt: '2026-12-07T02:00:00Z', promisedDueDate: '2026-12-21', preReviewDueDate: '2026-12-14' }

describe('caseDeadline: one true sentence per kind of case, before and after acceptance', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('a 即办件 not yet accepted is done on the spot once accepted, with no limit counted from the day after', () => {
    const d = caseDeadline(tr, { ...submitted, isImmediate: true }, { value: 0, unit: 'workingDay' })
    expect(d.kind).toBe('immediatePending')
    expect(d.text).toBe('即办件：受理后当场办结')
    expect(d.text).not.toContain('次日')
    expect(nextAfterSubmission(tr, { ...submitted, isImmediate: true })).toBe('工作人员将在 2026-12-14 前完成预审；材料齐全的，予以受理并当场办结。')
  })

  it('a 即办件 once accepted says so, not 受理后计算', () => {
    const d = caseDeadline(tr, { ...accepted, isImmediate: true, promisedDueDate: '2026-12-07' })
    expect(d.kind).toBe('immediateAccepted')
    expect(d.text).toBe('即办件：已受理，当场办结')
  })

  it('a 承诺件 not yet accepted names its limit, counted from the day after acceptance', () => {
    const d = caseDeadline(tr, { ...submitted, isImmediate: false }, tenDays)
    expect(d).toMatchObject({ kind: 'promisedPending', label: '承诺时限', date: null })
    expect(d.text).toBe('受理后 10 个工作日内办结（自受理次日起计算，受理后给出办结日期）')
    expect(caseDeadline(tr, { ...submitted, isImmediate: false }).text).toBe('自受理次日起计算，受理后给出办结日期')
    expect(nextAfterSubmission(tr, { ...submitted, isImmediate: false, preReviewDueDate: null })).toBe('工作人员将尽快完成预审；材料齐全的，予以受理，并从受理次日起计算承诺时限。')
  })

  it('a 承诺件 once accepted has its date', () => {
    const d = caseDeadline(tr, { ...accepted, isImmediate: false }, tenDays)
    expect(d).toMatchObject({ kind: 'promisedDue', label: '承诺办结日期', text: '2026-12-21 前办结', date: '2026-12-21' })
  })

  it('speaks English too', () => {
    setLocale('en')
    expect(caseDeadline(tr, { ...submitted, isImmediate: true }).text).toBe('Same-day item: completed on the spot once accepted')
    expect(caseDeadline(tr, { ...accepted, isImmediate: false }).text).toBe('Completed by 2026-12-21')
  })
})
