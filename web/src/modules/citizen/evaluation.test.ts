import { describe, expect, it } from 'vitest'
import { canEvaluate, evaluationErrors, evaluationRequest, isBad, type EvaluationForm } from './evaluation'

const form = (level: number | null, reasons: EvaluationForm['reasons'] = [], comment = ''): EvaluationForm => ({ level, reasons, comment })

describe('好差评 form', () => {
  it('offers the rating only for a finished case not yet rated', () => {
    expect(canEvaluate('completed', null)).toBe(true)
    expect(canEvaluate('delivered', undefined)).toBe(true)
    expect(canEvaluate('notAccepted', null)).toBe(true)
    expect(canEvaluate('inReview', null)).toBe(false)
    expect(canEvaluate('withdrawn', null)).toBe(false)
    expect(canEvaluate('completed', { level: 5, levelName: '非常满意', channel: 'sms', evaluatedAt: '2026-03-02T02:00:00Z', reasons: [], comment: null })).toBe(false)
  })

  it('treats levels 1 and 2 as bad ratings', () => {
    expect([1, 2, 3, 4, 5].map(isBad)).toEqual([true, true, false, false, false])
    expect(isBad(null)).toBe(false)
  })

  it('names the field that is missing', () => {
    expect(evaluationErrors(form(null))).toEqual({ level: 'levelRequired' })
    expect(evaluationErrors(form(2))).toEqual({ reasons: 'reasonRequired' })
    expect(evaluationErrors(form(1, ['other']))).toEqual({ comment: 'commentRequired' })
    expect(evaluationErrors(form(1, ['other'], '  等了很久 '))).toEqual({})
    expect(evaluationErrors(form(5, [], '好'.repeat(501)))).toEqual({ comment: 'commentTooLong' })
    expect(evaluationErrors(form(4))).toEqual({})
  })

  it('sends reasons only with a bad rating, in the fixed order, and the channel of the device', () => {
    expect(evaluationRequest(form(1, ['other', 'longWait'], ' 太慢 '), true)).toEqual({ level: 1, reasons: ['longWait', 'other'], comment: '太慢', channel: 'mobile' })
    expect(evaluationRequest(form(5, ['longWait'], ''), false)).toEqual({ level: 5, reasons: [], comment: null, channel: 'online' })
  })
})
