import { describe, expect, it } from 'vitest'
import { allowedActions, dueState, firstErrors, formatCount, formatShanghai, openStatuses, todayShanghai } from './cases'

describe('dueState', () => {
  it('colours by remaining working days', () => {
    expect(dueState(10).tone).toBe('ok')
    expect(dueState(3).tone).toBe('ok')
    expect(dueState(2).tone).toBe('soon')
    expect(dueState(1).tone).toBe('soon')
    expect(dueState(0)).toEqual({ tone: 'today', key: 'today', days: 0 })
    expect(dueState(-4)).toEqual({ tone: 'overdue', key: 'overdue', days: 4 })
    expect(dueState(null).tone).toBe('none')
    expect(dueState(undefined).tone).toBe('none')
  })
})

describe('allowedActions', () => {
  const clerk = ['Clerk']
  const reviewer = ['Reviewer']
  const approver = ['Approver']
  const c = (status: Parameters<typeof allowedActions>[0]['status'], extra: Partial<Parameters<typeof allowedActions>[0]> = {}) => ({
    status,
    isImmediate: false,
    currentStep: null,
    tolerance: null,
    ...extra,
  })

  it('offers the window actions to a clerk on a submitted case', () => {
    expect(allowedActions(c('submitted'), clerk)).toEqual(['preReview', 'accept', 'refuse', 'withdraw'])
    expect(allowedActions(c('submitted'), reviewer)).toEqual([])
  })

  it('offers supplement only when a correction or 容缺 material is owed', () => {
    expect(allowedActions(c('correctionRequested'), clerk)).toEqual(['supplement', 'refuse', 'withdraw'])
    expect(allowedActions(c('accepted'), clerk)).toEqual(['withdraw'])
    expect(allowedActions(c('accepted', { tolerance: { fulfilledAt: null } }), clerk)).toEqual(['supplement', 'terminate', 'withdraw'])
  })

  it('gives review, suspension and extension to the right roles', () => {
    expect(allowedActions(c('accepted', { currentStep: 'review' }), reviewer)).toEqual(['review', 'suspend'])
    expect(allowedActions(c('inReview', { currentStep: 'approve' }), reviewer)).toEqual(['suspend'])
    expect(allowedActions(c('inReview', { currentStep: 'approve' }), approver)).toEqual(['review', 'suspend', 'extend'])
    expect(allowedActions(c('suspended'), approver)).toEqual(['resume', 'extend'])
  })

  it('completes after a decision and delivers at the window', () => {
    expect(allowedActions(c('approved'), approver)).toEqual(['complete'])
    expect(allowedActions(c('rejected'), clerk)).toEqual(['complete'])
    expect(allowedActions(c('completed'), clerk)).toEqual(['deliver'])
    expect(allowedActions(c('completed'), approver)).toEqual([])
    expect(allowedActions(c('delivered'), [...clerk, ...approver])).toEqual([])
  })

  it('lets a clerk complete a 即办件 on the spot', () => {
    expect(allowedActions(c('submitted', { isImmediate: true }), clerk)).toContain('completeNow')
    expect(allowedActions(c('accepted', { isImmediate: true }), clerk)).toContain('completeNow')
    expect(allowedActions(c('submitted'), clerk)).not.toContain('completeNow')
  })
})

describe('dates', () => {
  it('shows instants in Asia/Shanghai', () => {
    expect(formatShanghai('2026-03-01T16:30:00Z')).toBe('2026-03-02 00:30')
    expect(formatShanghai(null)).toBe('')
    expect(todayShanghai(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02')
  })

  it('keeps the first message of each field', () => {
    expect(firstErrors({ 'applicant.idNumber': ['a', 'b'], x: [] })).toEqual({ 'applicant.idNumber': 'a' })
  })
})

describe('tab counts', () => {
  it('marks a count the server capped', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(9999)).toBe('9999')
    expect(formatCount(10000)).toBe('10000+')
  })

  it('keeps the statuses the server counts (open ones) and drops the closed', () => {
    expect(openStatuses(['submitted', 'approved', 'rejected', 'suspended', 'completed', 'delivered', 'withdrawn', 'terminated', 'notAccepted'])).toEqual([
      'submitted',
      'approved',
      'rejected',
      'suspended',
    ])
  })
})
