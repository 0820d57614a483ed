import { describe, expect, it } from 'vitest'
import type { LiveAlertDto, LiveAlertsMessage } from '../../api/types'
import { mayAnswer, mayDirect } from './api'
import { directiveToAnnounce } from './live'
import { worksOnCases } from '../identity/roles'

const item = (id: number, change: string, toAnswer: boolean): LiveAlertDto => ({
  change, changedAt: '2026-11-02T02:00:00Z', toAnswer,
  alert: {
    id, number: `JC${id}`, caseNumber: `C${id}`, itemName: '事项', departmentCode: 'D01', departmentName: '区行政审批局', servicePointCode: '350505-C',
    ruleCode: 'SV10', ruleName: '环节错乱', level: 'red', issuedTo: '部门审核岗', raisedAt: '2026-11-02T01:00:00Z', escalatedAt: null, escalationLevel: 0,
    resolvedAt: null, result: null, message: '…', openDirectives: 1,
  },
  directives: [{ id, alertId: id, caseNumber: `C${id}`, text: '请核查并回复。', sentAt: '2026-11-02T02:00:00Z', sentBy: '刘文斌', toDepartmentCode: 'D01',
    deadline: '2026-11-03T02:00:00Z', answer: null, answeredAt: null, answeredBy: null }],
}) as LiveAlertDto

const message = (...items: LiveAlertDto[]): LiveAlertsMessage => ({ open: items.length, openDirectives: items.length, items }) as LiveAlertsMessage

describe('督办 toast (issue 16 point 19)', () => {
  it('announces a directive only to whom it is addressed', () => {
    // The clerk of the receiving window sees the alert change, but the directive is the department reviewer's.
    expect(directiveToAnnounce(message(item(1, 'directive', false)))).toBeNull()
    expect(directiveToAnnounce(message(item(1, 'directive', true)))?.alert.id).toBe(1)
  })

  it('announces nothing for other changes, and the last addressed directive of a batch', () => {
    expect(directiveToAnnounce(message(item(1, 'raised', true), item(2, 'escalated', true)))).toBeNull()
    expect(directiveToAnnounce(message(item(1, 'directive', true), item(2, 'directive', false), item(3, 'raised', true)))?.alert.id).toBe(1)
  })
})

describe('separation of duties in the workbench (issue 16 point 2)', () => {
  it('offers 督办 to supervisors only', () => {
    expect(mayDirect(['Supervisor'])).toBe(true)
    expect(['Admin', 'Approver', 'Reviewer', 'Clerk', 'Analyst'].map((r) => mayDirect([r]))).toEqual([false, false, false, false, false])
  })

  it('offers the answer to the handling staff of the case only', () => {
    const c = { departmentCode: 'D01', servicePointCode: '350505-C' }
    expect(mayAnswer({ roles: ['Reviewer'], departmentCode: 'D01' }, c)).toBe(true)
    expect(mayAnswer({ roles: ['Reviewer'], departmentCode: 'D02' }, c)).toBe(false)
    expect(mayAnswer({ roles: ['Supervisor'] }, c)).toBe(false)
    expect(mayAnswer({ roles: ['Analyst'], departmentCode: 'D01' }, c)).toBe(false)
  })

  it('keeps analysts away from cases: figures, not people', () => {
    expect(worksOnCases(['Analyst'])).toBe(false)
    expect(['Admin', 'Clerk', 'Reviewer', 'Approver', 'Supervisor'].map((r) => worksOnCases([r]))).toEqual([true, true, true, true, true])
  })
})
